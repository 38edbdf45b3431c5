using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>
/// The base64 tokens <see cref="EncodedSegmentScanner"/> accepts (standard or URL-safe, padding optional), and the pieces
/// of a token between '/', '+', '-' and '_' when the whole does not decode (see the scanner's remarks).
/// </summary>
internal static class Base64SegmentDecoder
{
    /// <summary>The standard and URL-safe base64 alphabets together.</summary>
    public static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_");

    private static readonly SearchValues<char> PieceSeparators = SearchValues.Create("+/-_");

    public static bool TryBase64Token(ReadOnlySpan<char> s, int start, int end, int padEnd, NormalizationOptions o, out EncodedSegment segment)
    {
        if (TryBase64(s, start, end, padEnd - end, o, out segment))
        {
            return true;
        }

        // A payload glued to a path or an identifier: try the pieces between '/', '+', '-' and '_'.
        var token = s[start..end];
        if (token.IndexOfAny(PieceSeparators) < 0)
        {
            return false;
        }

        var pieceStart = start;
        while (pieceStart < end)
        {
            var rel = s[pieceStart..end].IndexOfAny(PieceSeparators);
            var pieceEnd = rel < 0 ? end : pieceStart + rel;
            var pad = pieceEnd == end ? padEnd - end : 0;
            if (pieceEnd - pieceStart >= o.MinEncodedLength && TryBase64(s, pieceStart, pieceEnd, pad, o, out segment))
            {
                return true;
            }

            pieceStart = pieceEnd + 1;
        }

        segment = default;
        return false;
    }

    private static bool TryBase64(ReadOnlySpan<char> s, int start, int end, int pad, NormalizationOptions o, out EncodedSegment segment)
    {
        segment = default;
        var length = end - start;
        if (length < o.MinEncodedLength)
        {
            return false;
        }

        if (pad > 0 && (length + pad) % 4 != 0)
        {
            pad = 0;
        }

        bool upper = false, lower = false, digit = false;
        foreach (var c in s[start..end])
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        var mixed = (upper && lower) || (digit && (upper || lower)) || (pad > 0 && (upper || lower));
        if (!mixed)
        {
            return false;
        }

        // A length ≡ 1 (mod 4) cannot be base64; ignore the last character.
        var used = length % 4 == 1 ? length - 1 : length;
        var text = DecodeBase64(s.Slice(start, used));
        if (text is null)
        {
            return false;
        }

        segment = new EncodedSegment(TransformKind.Base64, start, end + pad, text);
        return true;
    }

    private static string? DecodeBase64(ReadOnlySpan<char> chars)
    {
        var full = chars.Length / 4;
        var rest = chars.Length % 4;
        var size = (full * 3) + (rest == 0 ? 0 : rest - 1);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, size));
        try
        {
            var b = 0;
            var acc = 0;
            var bits = 0;
            foreach (var c in chars)
            {
                var v = Base64Value(c);
                if (v < 0)
                {
                    return null;
                }

                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    if (b < size)
                    {
                        bytes[b++] = (byte)(acc >> bits);
                    }

                    acc &= (1 << bits) - 1;
                }
            }

            return DecodedTextCheck.ToText(bytes.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        '/' or '_' => 63,
        _ => -1,
    };
}
