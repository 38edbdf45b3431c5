using System.Buffers;

namespace AlignLab.Normalization;

/// <summary>
/// Step 7 (base64 and hex): finds encoded segments in a raw (not normalised) text in linear time. SIMD bit masks
/// mark the few positions where a segment can start (long alphabet runs holding an upper-case letter or digit,
/// runs of two-digit hex tokens, "0x" and "\x"); only those are examined.
/// </summary>
/// <remarks>
/// <para>The text is cut into tokens: maximal runs of the base64 alphabets (A–Z a–z 0–9 + / - _) followed by up to
/// two '=' pads. A token is tried as hex first, then as base64.</para>
/// <para><b>Hex</b> (at least <see cref="NormalizationOptions.MinHexDigits"/> digits, even count): <c>\x68\x6f…</c>
/// escapes (optionally separated by a space or comma); <c>0x686f77…</c> or <c>0x68 0x6f …</c>; pairs separated by a
/// consistent ' ', ':' or ',' (<c>68 6f 77 20</c>); or a bare run of hex digits, which must contain a decimal
/// digit so that words like "deadbeef"/"facade" are not taken. Unprefixed hex made only of decimal digits
/// (which could be an ordinary number or a list of numbers) must decode to English: letters and spaces only and at
/// least one lexicon word ("746865207772697465" is "the write").</para>
/// <para><b>Base64</b> (standard or URL-safe alphabet, padding optional): at least
/// <see cref="NormalizationOptions.MinEncodedLength"/> characters without padding, length not ≡ 1 (mod 4), and a
/// mix that ordinary words lack: upper and lower case, or letters and digits, or padding. When a whole token fails,
/// its pieces between '/', '+', '-' and '_' are tried (a payload at the end of a URL path).</para>
/// <para>Every candidate must decode to text accepted by <see cref="DecodedTextCheck"/>.</para>
/// </remarks>
internal static class EncodedSegmentScanner
{
    private const string Base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

    private static readonly SearchValues<char> Base64Alphabet = SearchValues.Create(Base64Chars);
    private static readonly SearchValues<char> PieceSeparators = SearchValues.Create("+/-_");

    public static List<EncodedSegment>? Scan(string text, NormalizationOptions options, int maxSegments)
        => Scan(text, options, maxSegments, default, default, default);

    /// <summary>
    /// Scans <paramref name="text"/>; the masks may hold precomputed base64-alphabet, hex-digit and
    /// upper-case-or-digit positions (empty spans: computed here).
    /// </summary>
    public static List<EncodedSegment>? Scan(string text, NormalizationOptions options, int maxSegments,
        ReadOnlySpan<ulong> alphabetMask, ReadOnlySpan<ulong> hexMask, ReadOnlySpan<ulong> upperOrDigitMask)
    {
        if (maxSegments <= 0 || (!options.DecodeBase64 && !options.DecodeHex) || text.Length < 4)
        {
            return null;
        }

        var span = text.AsSpan();
        var n = span.Length;
        var words = BitMask.WordCount(n);
        ulong[]? rented = null;
        var storage = words * 4 <= 1024 ? stackalloc ulong[words * 4] : (rented = ArrayPool<ulong>.Shared.Rent(words * 4)).AsSpan(0, words * 4);
        try
        {
            var alphabet = storage[..words];
            var longRuns = storage.Slice(words, words);
            var pairs = storage.Slice(2 * words, words);
            var upperOrDigit = storage.Slice(3 * words, words);
            if (upperOrDigitMask.Length == words)
            {
                upperOrDigitMask.CopyTo(upperOrDigit);
            }
            else
            {
                BitMask.Build<UpperOrDigitCharClass>(span, upperOrDigit);
            }

            if (alphabetMask.Length == words)
            {
                alphabetMask.CopyTo(alphabet);
            }
            else
            {
                BitMask.Build<Base64CharClass>(span, alphabet);
            }

            if (options.DecodeHex)
            {
                if (hexMask.Length == words)
                {
                    hexMask.CopyTo(pairs);
                }
                else
                {
                    BitMask.Build<HexDigitCharClass>(span, pairs);
                }
            }

            Prefilter(options, alphabet, longRuns, pairs);
            return ScanCandidates(span, options, maxSegments, alphabet, longRuns, pairs, upperOrDigit);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Marks where a token can start: runs of the base64 alphabet long enough for either encoding, and the first
    /// of two consecutive two-digit hex tokens ("68 6f", "68, 6f"). <paramref name="pairs"/> comes in holding the
    /// hex-digit mask.
    /// </summary>
    private static void Prefilter(NormalizationOptions o, ReadOnlySpan<ulong> alphabet, Span<ulong> longRuns, Span<ulong> pairs)
    {
        alphabet.CopyTo(longRuns);
        var minRun = Math.Min(o.DecodeBase64 ? o.MinEncodedLength : int.MaxValue, o.DecodeHex ? o.MinHexDigits : int.MaxValue);
        BitMask.RunStarts(longRuns, Math.Clamp(minRun, 1, 64));

        if (!o.DecodeHex)
        {
            pairs.Clear();
            return;
        }

        // Two-character hex tokens: hex, hex, then not the alphabet, and not the alphabet before.
        for (var w = 0; w < pairs.Length; w++)
        {
            pairs[w] = pairs[w] & BitMask.Ahead(pairs, w, 1) & ~BitMask.Ahead(alphabet, w, 2) & ~BitMask.Behind1(alphabet, w);
        }

        // …followed by another one after a one- or two-character separator.
        for (var w = 0; w < pairs.Length; w++)
        {
            pairs[w] &= BitMask.Ahead(pairs, w, 3) | BitMask.Ahead(pairs, w, 4);
        }
    }

    private static List<EncodedSegment>? ScanCandidates(ReadOnlySpan<char> span, NormalizationOptions options, int maxSegments,
        ReadOnlySpan<ulong> alphabet, ReadOnlySpan<ulong> longRuns, ReadOnlySpan<ulong> pairs, ReadOnlySpan<ulong> upperOrDigit)
    {
        List<EncodedSegment>? found = null;
        var n = span.Length;
        var pos = 0;
        var nextEscape = options.DecodeHex ? NextOf(span, 0, '\\') : -1;
        var nextPrefix = options.DecodeHex ? NextOf(span, 0, '0') : -1;
        var run = BitMask.Next(longRuns, 0);
        var pair = BitMask.Next(pairs, 0);
        while (pos < n && (found?.Count ?? 0) < maxSegments)
        {
            if (nextEscape >= 0 && nextEscape < pos)
            {
                nextEscape = NextOf(span, pos, '\\');
            }

            if (nextPrefix >= 0 && nextPrefix < pos)
            {
                nextPrefix = NextOf(span, pos, '0');
            }

            // Each "next" position is cached and only searched again once scanning has passed it (linear time).
            if (run >= 0 && run < pos)
            {
                run = BitMask.Next(longRuns, pos);
            }

            if (pair >= 0 && pair < pos)
            {
                pair = BitMask.Next(pairs, pos);
            }

            var next = Min(Min(run, pair), Min(nextEscape, nextPrefix));
            if (next < 0)
            {
                break;
            }

            if (next == nextEscape)
            {
                if (TryHexEscapes(span, next, options, out var escaped))
                {
                    (found ??= []).Add(escaped);
                    pos = escaped.End;
                }
                else
                {
                    pos = next + 1;
                }

                continue;
            }

            // The token starts where its alphabet run starts (a long run can only be entered at its start).
            var start = next;
            while (start > pos && BitMask.Get(alphabet, start - 1))
            {
                start--;
            }

            if (next == nextPrefix && next != run && next != pair && !IsHexPrefix(span, next))
            {
                pos = next + 1;
                continue;
            }

            // A long run found only by length needs an upper-case letter or digit (or padding) to be hex or base64.
            var end = BitMask.NextClear(alphabet, start, n);
            if (next == run && next != pair && next != nextPrefix
                && !BitMask.AnyInRange(upperOrDigit, start, end) && !(end < n && span[end] == '='))
            {
                pos = end;
                continue;
            }

            pos = ScanToken(span, start, end, options, ref found);
        }

        return found;
    }

    /// <summary>Tries the token starting at <paramref name="i"/> as hex, then base64; returns where scanning goes on.</summary>
    private static int ScanToken(ReadOnlySpan<char> span, int i, int end, NormalizationOptions options, ref List<EncodedSegment>? found)
    {
        var n = span.Length;
        var padEnd = end;
        while (padEnd < n && padEnd - end < 2 && span[padEnd] == '=')
        {
            padEnd++;
        }

        if (options.DecodeHex && TryHex(span, i, end, options, out var hex))
        {
            (found ??= []).Add(hex);
            return hex.End;
        }

        if (options.DecodeBase64 && end - i >= options.MinEncodedLength && TryBase64Token(span, i, end, padEnd, options, out var b64))
        {
            (found ??= []).Add(b64);
            return b64.End;
        }

        return Math.Max(padEnd, i + 1);
    }

    private static bool IsHexPrefix(ReadOnlySpan<char> s, int i)
        => i + 3 < s.Length && (s[i + 1] is 'x' or 'X') && IsHex(s[i + 2]) && IsHex(s[i + 3]);

    private static int NextOf(ReadOnlySpan<char> s, int from, char c)
    {
        while (from < s.Length)
        {
            var k = s[from..].IndexOf(c);
            if (k < 0)
            {
                return -1;
            }

            var p = from + k;
            if (p + 1 < s.Length && (s[p + 1] is 'x' or 'X'))
            {
                return p;
            }

            from = p + 1;
        }

        return -1;
    }

    private static int Min(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    // ---------------------------------------------------------------- hex

    private static bool TryHexEscapes(ReadOnlySpan<char> s, int start, NormalizationOptions o, out EncodedSegment segment)
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

    private static bool TryHex(ReadOnlySpan<char> s, int start, int end, NormalizationOptions o, out EncodedSegment segment)
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
            if (after < s.Length && (Base64Alphabet.Contains(s[after]) || s[after] == '='))
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

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // ---------------------------------------------------------------- base64

    private static bool TryBase64Token(ReadOnlySpan<char> s, int start, int end, int padEnd, NormalizationOptions o, out EncodedSegment segment)
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
