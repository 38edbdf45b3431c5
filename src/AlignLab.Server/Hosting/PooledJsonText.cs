using System.Buffers;
using System.Text;
using System.Text.Json;
using AlignLab.IO;

namespace AlignLab.Server.Hosting;

/// <summary>
/// <see cref="JsonText.Write"/> with <see cref="JsonText.Compact"/> for the request path: the same text, but written into
/// a buffer and writer kept per thread, so the only allocation is the returned string (a fresh
/// <see cref="Utf8JsonWriter"/> over a <see cref="MemoryStream"/> costs a writer, its growing buffer and the stream's,
/// about 6 KB for a decision trace).
/// </summary>
internal static class PooledJsonText
{
    /// <summary>A buffer that grew past this (a very large trace) is dropped after use rather than kept by the thread.</summary>
    private const int KeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Runs <paramref name="write"/> with <paramref name="state"/> and returns the compact JSON it wrote.</summary>
    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, JsonText.Compact);
        // Taken off the thread while in use, so a nested call gets its own pair.
        t_buffer = null;
        t_writer = null;
        writer.Reset(buffer);
        try
        {
            write(writer, state);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity <= KeptCapacity)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                t_buffer = buffer;
                t_writer = writer;
            }
            else
            {
                writer.Dispose();
            }
        }
    }
}
