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
    /// (a line ends at '\n'). Reads the stream once through a fixed buffer, so a line of any length is checked in pieces
    /// (a character cut by a piece's end is carried over to the next) and memory does not grow with the file.
    /// </summary>
    public static IEnumerable<long> InvalidLines(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return InvalidLinesCore(stream);
    }

    private static IEnumerable<long> InvalidLinesCore(Stream stream)
    {
        var buffer = new byte[1 << 16];
        int filled = 0;
        long line = 1;
        var lineBad = false;
        var first = true;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (first && (filled >= 2 || read == 0))
            {
                if (HasOtherBom(buffer.AsSpan(0, filled)))
                {
                    yield break;
                }

                first = false;
            }

            // Every complete line in the buffer, then the start of the next one up to its last whole character.
            var data = buffer.AsSpan(0, filled);
            var done = 0;
            var bad = new List<long>();
            while (done < filled)
            {
                var end = data[done..].IndexOf((byte)'\n');
                if (end < 0)
                {
                    var upTo = read == 0 ? filled : WholeCharacters(data, done);
                    lineBad |= !System.Text.Unicode.Utf8.IsValid(data[done..upTo]);
                    done = upTo;
                    break;
                }

                if (lineBad || !System.Text.Unicode.Utf8.IsValid(data.Slice(done, end)))
                {
                    bad.Add(line);
                }

                lineBad = false;
                line++;
                done += end + 1;
            }

            if (read == 0 && lineBad)
            {
                bad.Add(line); // the last line, without a line break
            }

            foreach (var number in bad)
            {
                yield return number;
            }

            buffer.AsSpan(done, filled - done).CopyTo(buffer);
            filled -= done;
            if (read == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Where the last character of <paramref name="data"/> (from <paramref name="start"/>) that is complete ends: a
    /// multi-byte sequence cut by the end of the buffer (at most 3 bytes) is left for the next read.
    /// </summary>
    private static int WholeCharacters(ReadOnlySpan<byte> data, int start)
    {
        for (var back = 1; back <= 3 && data.Length - back >= start; back++)
        {
            var b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for its lead byte
            }

            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? data.Length - back : data.Length;
        }

        return data.Length;
    }

    private static bool HasOtherBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
