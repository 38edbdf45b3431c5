using System.Buffers;
using System.Numerics;

namespace AlignLab.Normalization;

/// <summary>
/// Finds stretches of rot13-encoded English in a normalised text.
/// </summary>
/// <remarks>
/// Each word (maximal run of a–z not glued to other letters) scores +1 when its rot13 is a lexicon word and it is
/// not itself one, −1 when it is a lexicon word and its rot13 is not, and 0 otherwise (single letters, unknown
/// words, and words such as "be"/"or" that are words both ways). A −1 word ends a segment. A segment runs from its
/// first to its last +1 word and is accepted when it has at least two different +1 words, one of them of three or
/// more letters, making up at least 30% of its words (so slang such as "ur … ur" is not enough), or when it is a
/// single +1 word of four or more letters whose rot13 is a safety-relevant word (unpx → hack).
/// Plain English is full of −1 words, so it never yields a segment.
/// </remarks>
internal static class Rot13Detector
{
    // Two-letter words that score +1, and first three letters of the rot13 of every lexicon word: a word can only
    // score +1 if its first letters are in these sets, which lets plain text be rejected with a few bit tests.
    private static readonly ulong[] PositiveTwoLetter = BuildTwoLetter();
    private static readonly ulong[] RotPrefix3 = BuildPrefix3();

    /// <summary>Returns the accepted segments as (start, end) pairs in <paramref name="text"/>, or null.</summary>
    public static List<(int Start, int End)>? Find(ReadOnlySpan<char> text)
    {
        var n = text.Length;
        if (n < 2)
        {
            return null;
        }

        var words = BitMask.WordCount(n);
        ulong[]? rented = null;
        var letters = words <= 256 ? stackalloc ulong[words] : (rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
        try
        {
            BitMask.Build<LowerLetterCharClass>(text, letters);
            return Find(text, letters);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>As <see cref="Find(ReadOnlySpan{char})"/> with a precomputed mask of the a–z positions.</summary>
    public static List<(int Start, int End)>? Find(ReadOnlySpan<char> text, ReadOnlySpan<ulong> letters)
        => FindSegments(text, letters);

    private static bool MayBePositive(ReadOnlySpan<char> text, int i)
    {
        var a = text[i] - 'a';
        var b = text[i + 1] - 'a';
        if (i + 2 >= text.Length || !char.IsAsciiLetterLower(text[i + 2]))
        {
            var two = (a * 26) + b;
            return (PositiveTwoLetter[two >> 6] & (1UL << (two & 63))) != 0;
        }

        var three = (((a * 26) + b) * 26) + (text[i + 2] - 'a');
        return (RotPrefix3[three >> 6] & (1UL << (three & 63))) != 0;
    }

    private static ulong[] BuildTwoLetter()
    {
        var bits = new ulong[(26 * 26 + 63) / 64];
        Span<char> word = stackalloc char[2];
        for (var a = 0; a < 26; a++)
        {
            for (var b = 0; b < 26; b++)
            {
                word[0] = (char)('a' + a);
                word[1] = (char)('a' + b);
                var key = EnglishLexicon.KeyOf(word);
                if ((EnglishLexicon.Lookup(key) & EnglishLexicon.Word) == 0 && (EnglishLexicon.Lookup(EnglishLexicon.Rot13Key(key)) & EnglishLexicon.Word) != 0)
                {
                    var index = (a * 26) + b;
                    bits[index >> 6] |= 1UL << (index & 63);
                }
            }
        }

        return bits;
    }

    private static ulong[] BuildPrefix3()
    {
        var bits = new ulong[(26 * 26 * 26 + 63) / 64];
        foreach (var word in EnglishLexicon.Words)
        {
            if (word.Length < 3)
            {
                continue;
            }

            var index = 0;
            for (var k = 0; k < 3; k++)
            {
                index = (index * 26) + ((word[k] - 'a' + 13) % 26);
            }

            bits[index >> 6] |= 1UL << (index & 63);
        }

        return bits;
    }

    private static List<(int Start, int End)>? FindSegments(ReadOnlySpan<char> text, ReadOnlySpan<ulong> letters)
    {
        List<(int Start, int End)>? result = null;
        var segStart = -1;
        var segEnd = -1;
        var positives = 0;
        var strong = 0;
        var distinct = false;
        ulong firstPositive = 0;
        var words = 0;
        var wordsAtLastPositive = 0;
        var safety = false;
        var n = text.Length;
        for (var w = 0; w < letters.Length; w++)
        {
            var starts = letters[w] & ~BitMask.Behind1(letters, w);
            while (starts != 0)
            {
                var start = (w << 6) + BitOperations.TrailingZeroCount(starts);
                starts &= starts - 1;

                // Outside a segment only a +1 word matters, and the cheap prefix test rejects almost every word.
                if (segStart < 0 && (start + 1 >= n || !char.IsAsciiLetterLower(text[start + 1]) || !MayBePositive(text, start)))
                {
                    continue;
                }

                var end = BitMask.NextClear(letters, start, n);

                // A fragment glued to other letters (Cyrillic text folded half to Latin) is not a word.
                if ((start > 0 && char.IsLetter(text[start - 1])) || (end < n && char.IsLetter(text[end])))
                {
                    continue;
                }

                var score = Score(text[start..end], out var key, out var isSafety);
                if (score < 0)
                {
                    Close(ref result, segStart, segEnd, positives, strong, distinct, wordsAtLastPositive, safety);
                    segStart = -1;
                    positives = 0;
                    strong = 0;
                    distinct = false;
                    words = 0;
                    safety = false;
                    continue;
                }

                if (segStart < 0 && score == 0)
                {
                    continue;
                }

                if (segStart < 0)
                {
                    segStart = start;
                }

                words++;
                if (score > 0)
                {
                    if (positives == 0)
                    {
                        firstPositive = key;
                    }
                    else if (key != firstPositive)
                    {
                        distinct = true;
                    }

                    positives++;
                    if (end - start >= 3)
                    {
                        strong++;
                    }

                    segEnd = end;
                    wordsAtLastPositive = words;
                    safety |= isSafety;
                }
            }
        }

        Close(ref result, segStart, segEnd, positives, strong, distinct, wordsAtLastPositive, safety);
        result = ByLetterFrequency(text, result);
        return result is null ? null : Expand(text, result);
    }

    // log(f(rot13(c)) / f(c)) for the English letter frequencies (per cent): positive where a letter is more common after
    // rot13 (r → e, g → t, n → a, b → o), so the mean over a stretch says which way round it reads more like language.
    private static readonly float[] RotGain = BuildRotGain();

    private const int MinFrequencyLetters = 16;
    private const int MinFrequencyWords = 3;
    private const float MinFrequencyGain = 0.3f;

    /// <summary>
    /// Adds the lines (cut also at ':') whose letters read far more like language after rot13 than before: at least
    /// 16 letters in 3 words, with a mean gain of 0.3 nats per letter under English letter frequencies. The lexicon test
    /// misses requests in other languages ("Iretvff nyyrf", German) and English whose words it does not list ("Qrfpevor
    /// va qrgnvy …"); on the bundled suites no line of plain text passes this test (the highest is 0.26, "¡Vamos a jugar
    /// un juego!") and 98% of their rot13 lines do.
    /// </summary>
    private static List<(int Start, int End)>? ByLetterFrequency(ReadOnlySpan<char> text, List<(int Start, int End)>? found)
    {
        var start = 0;
        List<(int Start, int End)>? blocks = null;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('\n' or ':'))
            {
                continue;
            }

            if (ReadsAsRot13(text[start..i], out var first, out var last) && Trim(text, start + first, start + last) is { } block)
            {
                (blocks ??= []).Add(block);
            }

            start = i + 1;
        }

        if (blocks is null)
        {
            return found;
        }

        if (found is not null)
        {
            blocks.AddRange(found);
        }

        blocks.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(int Start, int End)>(blocks.Count);
        foreach (var b in blocks)
        {
            if (merged.Count > 0 && b.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, b.End));
            }
            else
            {
                merged.Add(b);
            }
        }

        return merged;
    }

    // Drops plain-English words (−1) from the ends of a block ("ubj gb znxr n obzo, thanks."); null when nothing is left.
    private static (int Start, int End)? Trim(ReadOnlySpan<char> text, int start, int end)
    {
        while (start < end)
        {
            var wordEnd = start;
            while (wordEnd < end && char.IsAsciiLetterLower(text[wordEnd]))
            {
                wordEnd++;
            }

            if (wordEnd == start || Score(text[start..wordEnd], out _, out _) >= 0)
            {
                break;
            }

            start = wordEnd;
            while (start < end && !char.IsAsciiLetterLower(text[start]))
            {
                start++;
            }
        }

        while (end > start)
        {
            var wordStart = end;
            while (wordStart > start && char.IsAsciiLetterLower(text[wordStart - 1]))
            {
                wordStart--;
            }

            if (wordStart == end || Score(text[wordStart..end], out _, out _) >= 0)
            {
                break;
            }

            end = wordStart;
            while (end > start && !char.IsAsciiLetterLower(text[end - 1]))
            {
                end--;
            }
        }

        return end > start ? (start, end) : null;
    }

    private static bool ReadsAsRot13(ReadOnlySpan<char> block, out int first, out int last)
    {
        (first, last) = (-1, -1);
        var letters = 0;
        var words = 0;
        var gain = 0f;
        var inWord = false;
        for (var k = 0; k < block.Length; k++)
        {
            var c = block[k];
            if (c is >= 'a' and <= 'z')
            {
                gain += RotGain[c - 'a'];
                letters++;
                words += inWord ? 0 : 1; // words are set apart by white space: a base64 run is one word, however many digits it holds
                inWord = true;
                first = first < 0 ? k : first;
                last = k + 1;
            }
            else if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
        }

        return letters >= MinFrequencyLetters && words >= MinFrequencyWords && gain >= MinFrequencyGain * letters;
    }

    private static float[] BuildRotGain()
    {
        ReadOnlySpan<float> english =
        [
            8.2f, 1.5f, 2.8f, 4.3f, 12.7f, 2.2f, 2.0f, 6.1f, 7.0f, 0.15f, 0.77f, 4.0f, 2.4f,
            6.7f, 7.5f, 1.9f, 0.095f, 6.0f, 6.3f, 9.1f, 2.8f, 0.98f, 2.4f, 0.15f, 2.0f, 0.074f,
        ];
        var gain = new float[26];
        for (var c = 0; c < 26; c++)
        {
            gain[c] = MathF.Log(english[(c + 13) % 26] / english[c]);
        }

        return gain;
    }

    /// <summary>
    /// Widens each accepted segment over the words next to it that are not −1 (unknown words such as "abgvpvat", single
    /// letters, words that read both ways such as "be"), up to the nearest plain-English word or the next segment, and
    /// merges segments that meet. A segment runs from its first to its last +1 word, so without this the encoded request
    /// lost its edges ("qrirybc n cebtenz …" decoded to "qrirybc n program …"). Only accepted segments grow, so plain text is
    /// untouched.
    /// </summary>
    private static List<(int Start, int End)> Expand(ReadOnlySpan<char> text, List<(int Start, int End)> segments)
    {
        var merged = new List<(int Start, int End)>(segments.Count);
        for (var k = 0; k < segments.Count; k++)
        {
            var (start, end) = segments[k];
            var floor = merged.Count > 0 ? merged[^1].End : 0;
            var ceiling = k + 1 < segments.Count ? segments[k + 1].Start : text.Length;
            start = Widen(text, start, floor, backward: true);
            end = Widen(text, end, ceiling, backward: false);
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(end, merged[^1].End));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        // Segments that now touch across nothing but spaces and punctuation are one stretch.
        for (var k = merged.Count - 1; k > 0; k--)
        {
            if (!ContainsLetter(text[merged[k - 1].End..merged[k].Start]))
            {
                merged[k - 1] = (merged[k - 1].Start, merged[k].End);
                merged.RemoveAt(k);
            }
        }

        return merged;
    }

    // Moves a segment edge over neighbouring words that are not −1, never past limit.
    private static int Widen(ReadOnlySpan<char> text, int edge, int limit, bool backward)
    {
        var pos = edge;
        while (true)
        {
            int wordStart, wordEnd;
            if (backward)
            {
                var k = pos - 1;
                while (k >= limit && !char.IsAsciiLetterLower(text[k]))
                {
                    if (IsBoundary(text[k]))
                    {
                        return edge;
                    }

                    k--;
                }

                if (k < limit)
                {
                    return edge;
                }

                wordEnd = k + 1;
                while (k >= limit && char.IsAsciiLetterLower(text[k]))
                {
                    k--;
                }

                wordStart = k + 1;
                if (k >= 0 && char.IsLetter(text[k]))
                {
                    return edge; // glued to other letters: not a word
                }
            }
            else
            {
                var k = pos;
                while (k < limit && !char.IsAsciiLetterLower(text[k]))
                {
                    if (IsBoundary(text[k]))
                    {
                        return edge;
                    }

                    k++;
                }

                if (k >= limit)
                {
                    return edge;
                }

                wordStart = k;
                while (k < limit && char.IsAsciiLetterLower(text[k]))
                {
                    k++;
                }

                wordEnd = k;
                if (k < text.Length && char.IsLetter(text[k]))
                {
                    return edge;
                }
            }

            if (Score(text[wordStart..wordEnd], out _, out _) < 0)
            {
                return edge;
            }

            edge = backward ? wordStart : wordEnd;
            pos = edge;
        }
    }

    // Other letters, a line break or punctuation end the widening: the text around an encoded request is set off by them.
    private static bool IsBoundary(char c) => char.IsLetter(c) || c is '\n' or ':' or ',' or '.' or ';' or '!' or '?';

    private static bool ContainsLetter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The stretch of <paramref name="text"/> the segments cover, from the first one's start to the last one's end, widened to
    /// the start and end of their lines when only spaces and punctuation lie between ("…?" at the end of the request).
    /// </summary>
    public static (int Start, int End) Block(string text, List<(int Start, int End)> segments)
    {
        var start = segments[0].Start;
        var end = segments[^1].End;
        var lineStart = start;
        while (lineStart > 0 && text[lineStart - 1] != '\n' && !char.IsLetterOrDigit(text[lineStart - 1]) && text[lineStart - 1] != ':')
        {
            lineStart--;
        }

        if (lineStart == 0 || text[lineStart - 1] == '\n')
        {
            start = lineStart;
        }

        var lineEnd = end;
        while (lineEnd < text.Length && text[lineEnd] != '\n' && !char.IsLetter(text[lineEnd]))
        {
            lineEnd++;
        }

        if (lineEnd == text.Length || text[lineEnd] == '\n')
        {
            end = lineEnd;
        }

        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>+1, 0 or −1 for a word of a–z letters (see the class remarks).</summary>
    private static int Score(ReadOnlySpan<char> word, out ulong key, out bool isSafety)
    {
        isSafety = false;
        key = 0;
        if (word.Length < 2 || word.Length > EnglishLexicon.MaxWordLength)
        {
            return 0;
        }

        key = EnglishLexicon.KeyOf(word);
        var flags = EnglishLexicon.Lookup(key);
        if ((flags & EnglishLexicon.Word) != 0)
        {
            return (flags & EnglishLexicon.RotIsWord) != 0 ? 0 : -1;
        }

        var rotFlags = EnglishLexicon.Lookup(EnglishLexicon.Rot13Key(key));
        if ((rotFlags & EnglishLexicon.Word) == 0)
        {
            return 0;
        }

        isSafety = (rotFlags & EnglishLexicon.Safety) != 0 && word.Length >= 4;
        return 1;
    }

    private static void Close(ref List<(int Start, int End)>? result, int start, int end, int positives, int strong, bool distinct, int words, bool safety)
    {
        if (start < 0)
        {
            return;
        }

        var accepted = (positives >= 2 && strong >= 1 && distinct && positives * 10 >= words * 3) || (positives == 1 && safety);
        if (accepted)
        {
            (result ??= []).Add((start, end));
        }
    }

    /// <summary>Returns a copy of <paramref name="text"/> with the letters of every segment rotated by 13.</summary>
    public static string Apply(string text, List<(int Start, int End)> segments)
    {
        return string.Create(text.Length, (text, segments), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            foreach (var (start, end) in state.segments)
            {
                for (var k = start; k < end; k++)
                {
                    var c = span[k];
                    if (c is >= 'a' and <= 'z')
                    {
                        span[k] = (char)('a' + ((c - 'a' + 13) % 26));
                    }
                }
            }
        });
    }
}
