using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>
/// The hex forms <see cref="EncodedSegmentScanner"/> accepts: <c>\x68\x6f…</c> escapes, <c>0x</c>-prefixed runs and pairs,
/// pairs with one consistent separator, and bare runs that hold a decimal digit (see the scanner's remarks).
/// </summary>
internal static class HexSegmentDecoder
{
    public static bool TryHexEscapes(ReadOnlySpan<char> s, int start, NormalizationOptions o, out EncodedSegment segment)
    {
        segment = default;
        var count = 0;
        var j = start;
        var end = start;
        while (j + 3 < s.Length && s[j] == '\\' && (s[j + 1] is 'x' or 'X') && IsHex(s[j + 2]) && IsHex(s[j + 3]))
        {
            count++;
            j += 4;
            end = j;
            if (j + 1 < s.Length && s[j] is ' ' or ',' && s[j + 1] == '\\')
            {
                j++;
            }
        }

        if (count * 2 < o.MinHexDigits)
        {
            return false;
        }

        var text = DecodeHexSegment(s, start, end, count);
        if (text is null)
        {
            return false;
        }

        segment = new EncodedSegment(TransformKind.Hex, start, end, text);
        return true;
    }

    /// <summary>
    /// Decodes the consecutive hex-digit pairs of a validated segment, skipping "0x"/"\x" prefixes and separators.
    /// </summary>
    private static string? DecodeHexSegment(ReadOnlySpan<char> s, int start, int end, int count)
    {
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var b = 0;
            var k = start;
            while (k + 1 < end && b < count)
            {
                if (s[k] == '0' && (s[k + 1] is 'x' or 'X'))
                {
                    k += 2;
                }
                else if (IsHex(s[k]) && IsHex(s[k + 1]))
                {
                    rented[b++] = (byte)((HexValue(s[k]) << 4) | HexValue(s[k + 1]));
                    k += 2;
                }
                else
                {
                    k++;
                }
            }

            return b == count ? DecodedTextCheck.ToText(rented.AsSpan(0, count)) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static bool TryHex(ReadOnlySpan<char> s, int start, int end, NormalizationOptions o, out EncodedSegment segment)
    {
        segment = default;
        if (start > 0 && char.IsLetterOrDigit(s[start - 1]))
        {
            return false;
        }

        var prefixed = end - start > 2 && s[start] == '0' && (s[start + 1] is 'x' or 'X');
        var digitsStart = prefixed ? start + 2 : start;
        var length = end - digitsStart;
        if (!AllHex(s[digitsStart..end]))
        {
            return false;
        }

        if (length == 2)
        {
            return TryHexPairs(s, start, prefixed, o, out segment);
        }

        if (length < o.MinHexDigits || length % 2 != 0)
        {
            return false;
        }

        var decimalOnly = false;
        if (!prefixed)
        {
            var hasDigit = s[digitsStart..end].IndexOfAnyInRange('0', '9') >= 0;
            if (!hasDigit)
            {
                return false;
            }

            decimalOnly = s[digitsStart..end].IndexOfAnyExceptInRange('0', '9') < 0;
        }

        var text = DecodeHexSegment(s, digitsStart, end, length / 2);
        if (text is null || (decimalOnly && !DecodedTextCheck.LooksLikeEnglish(text)))
        {
            return false;
        }

        segment = new EncodedSegment(TransformKind.Hex, start, end, text);
        return true;
    }

    /// <summary>Hex pairs separated by one consistent separator: "68 6f 77", "68:6f:77", "0x68, 0x6f".</summary>
    private static bool TryHexPairs(ReadOnlySpan<char> s, int start, bool prefixed, NormalizationOptions o, out EncodedSegment segment)
    {
        segment = default;
        var pairWidth = prefixed ? 4 : 2;
        var count = 0;
        var digitPairs = 0;
        var hexLetters = false;
        var p = start;
        var end = start;
        ReadOnlySpan<char> sep = default;
        while (true)
        {
            var d = prefixed ? p + 2 : p;
            if (d + 1 >= s.Length || !IsHex(s[d]) || !IsHex(s[d + 1]))
            {
                break;
            }

            if (prefixed && (s[p] != '0' || s[p + 1] is not ('x' or 'X')))
            {
                break;
            }

            var after = p + pairWidth;
            if (after < s.Length && (Base64SegmentDecoder.Alphabet.Contains(s[after]) || s[after] == '='))
            {
                break;
            }

            count++;
            if (char.IsAsciiDigit(s[d]))
            {
                digitPairs++;
            }

            hexLetters |= !char.IsAsciiDigit(s[d]) || !char.IsAsciiDigit(s[d + 1]);

            end = after;
            if (after >= s.Length)
            {
                break;
            }

            if (sep.IsEmpty)
            {
                var sepLength = s[after] == ',' && after + 1 < s.Length && s[after + 1] == ' ' ? 2 : 1;
                if (s[after] is not (' ' or ':' or ','))
                {
                    break;
                }

                sep = s.Slice(after, sepLength);
            }

            if (!s[after..].StartsWith(sep, StringComparison.Ordinal))
            {
                break;
            }

            p = after + sep.Length;
        }

        if (count * 2 < o.MinHexDigits || digitPairs * 2 < count)
        {
            return false;
        }

        // Unprefixed pairs without any letter a–f may be a list of two-digit numbers: they must decode to English.
        var text = DecodeHexSegment(s, start, end, count);
        if (text is null || (!prefixed && !hexLetters && !DecodedTextCheck.LooksLikeEnglish(text)))
        {
            return false;
        }

        segment = new EncodedSegment(TransformKind.Hex, start, end, text);
        return true;
    }

    private static bool AllHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsHex(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    public static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
