using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AlignLab.IO;

/// <summary>Writes JSON with a <see cref="Utf8JsonWriter"/> and returns it as a string.</summary>
public static class JsonText
{
    /// <summary>Indented, with non-ASCII text left readable (no \uXXXX escapes for letters).</summary>
    public static JsonWriterOptions Indented { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One line, with non-ASCII text left readable.</summary>
    public static JsonWriterOptions Compact { get; } = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The message of <paramref name="ex"/> without the " LineNumber: 0 | BytePositionInLine: 9." that System.Text.Json
    /// appends, for messages that already name the file and line themselves.
    /// </summary>
    public static string Describe(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        var at = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        }

        return at < 0 ? message : message[..at].TrimEnd();
    }

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns what it wrote.</summary>
    public static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes <paramref name="value"/> as a string property, or null when it is null.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes <paramref name="values"/> as an array of strings named <paramref name="name"/>.</summary>
    public static void WriteStringArray(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
