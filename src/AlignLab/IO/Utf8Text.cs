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

    private static bool HasOtherBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
}
