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
                if (HexSegmentDecoder.TryHexEscapes(span, next, options, out var escaped))
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

        if (options.DecodeHex && HexSegmentDecoder.TryHex(span, i, end, options, out var hex))
        {
            (found ??= []).Add(hex);
            return hex.End;
        }

        if (options.DecodeBase64 && end - i >= options.MinEncodedLength && Base64SegmentDecoder.TryBase64Token(span, i, end, padEnd, options, out var b64))
        {
            (found ??= []).Add(b64);
            return b64.End;
        }

        return Math.Max(padEnd, i + 1);
    }

    private static bool IsHexPrefix(ReadOnlySpan<char> s, int i)
        => i + 3 < s.Length && (s[i + 1] is 'x' or 'X') && HexSegmentDecoder.IsHex(s[i + 2]) && HexSegmentDecoder.IsHex(s[i + 3]);

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
}
