using System.Buffers;
using System.Text;

namespace AlignLab.IO;

/// <summary>
/// Strict UTF-8 for files people write: the first byte that is not valid UTF-8 is found with its line and column, so it
/// can be reported instead of being silently replaced with U+FFFD (which would make a trigger like "café" never match).
/// Files that start with a UTF-16 or UTF-32 byte order mark are decoded as such and are not checked.
/// </summary>
internal static class Utf8Text
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Where the first invalid byte is: its offset in the data, and its 1-based line and column (in characters).</summary>
    internal readonly record struct Position(int Offset, int Line, int Column);

    /// <summary>The position of the first byte of <paramref name="bytes"/> that is not valid UTF-8, or null when all of it is.</summary>
    public static Position? FindInvalid(ReadOnlySpan<byte> bytes)
    {
        if (HasOtherBom(bytes) || System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var offset = bytes.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        int line = 1, column = 1;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return new Position(offset, line, column);
            }

            offset += consumed;
            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return null;
    }

    /// <summary>Decodes <paramref name="bytes"/> (UTF-8 without its byte order mark, or UTF-16/32 when a byte order mark says so).</summary>
    public static string Decode(byte[] bytes)
    {
        if (HasOtherBom(bytes))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        var span = bytes.AsSpan();
        return Encoding.UTF8.GetString(span.StartsWith(Utf8Bom) ? span[Utf8Bom.Length..] : span);
    }

    /// <summary>
    /// The 1-based numbers, in order, of the lines of <paramref name="stream"/> that hold bytes that are not valid UTF-8
    /// (a line ends at '\n'). Reads the stream once, holding at most its longest line.
    /// </summary>
    public static IEnumerable<long> InvalidLines(Stream stream)
    {
        var buffer = new byte[1 << 16];
        int filled = 0;
        long line = 1;
        var first = true;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (first && filled >= 2)
            {
                if (HasOtherBom(buffer.AsSpan(0, filled)))
                {
                    yield break;
                }

                first = false;
            }

            var data = buffer.AsSpan(0, filled);
            var complete = read == 0 ? filled : data.LastIndexOf((byte)'\n') + 1;
            if (complete > 0)
            {
                var lines = data[..complete];
                if (System.Text.Unicode.Utf8.IsValid(lines))
                {
                    line += lines.Count((byte)'\n');
                }
                else
                {
                    foreach (var bad in InvalidLinesIn(buffer, complete, line))
                    {
                        yield return bad;
                    }

                    line += buffer.AsSpan(0, complete).Count((byte)'\n');
                }

                buffer.AsSpan(complete, filled - complete).CopyTo(buffer);
                filled -= complete;
            }

            if (read == 0)
            {
                yield break;
            }
        }
    }

    private static List<long> InvalidLinesIn(byte[] buffer, int length, long firstLine)
    {
        var bad = new List<long>();
        var start = 0;
        var line = firstLine;
        while (start < length)
        {
            var end = buffer.AsSpan(start, length - start).IndexOf((byte)'\n');
            var next = end < 0 ? length : start + end + 1;
            if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(start, next - start)))
            {
                bad.Add(line);
            }

            line++;
            start = next;
        }

        return bad;
    }

    private static bool HasOtherBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
