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
        result = Rot13LetterFrequency.AddLines(text, result);
        return result is null ? null : Rot13Widening.Expand(text, result);
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
    internal static int Score(ReadOnlySpan<char> word, out ulong key, out bool isSafety)
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
