namespace AlignLab.Normalization;

/// <summary>
/// The second test of <see cref="Rot13Detector"/>: whole lines whose letters read far more like English after rot13 than
/// before, for requests whose words the lexicon does not list.
/// </summary>
internal static class Rot13LetterFrequency
{
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
    public static List<(int Start, int End)>? AddLines(ReadOnlySpan<char> text, List<(int Start, int End)>? found)
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

            if (wordEnd == start || Rot13Detector.Score(text[start..wordEnd], out _, out _) >= 0)
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

            if (wordStart == end || Rot13Detector.Score(text[wordStart..end], out _, out _) >= 0)
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
}
