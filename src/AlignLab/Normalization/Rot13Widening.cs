namespace AlignLab.Normalization;

/// <summary>
/// Grows the segments <see cref="Rot13Detector"/> accepted over the neighbouring words that are not plain English, so a
/// decoded request keeps its edges.
/// </summary>
internal static class Rot13Widening
{
    /// <summary>
    /// Widens each accepted segment over the words next to it that are not −1 (unknown words such as "abgvpvat", single
    /// letters, words that read both ways such as "be"), up to the nearest plain-English word or the next segment, and
    /// merges segments that meet. A segment runs from its first to its last +1 word, so without this the encoded request
    /// lost its edges ("qrirybc n cebtenz …" decoded to "qrirybc n program …"). Only accepted segments grow, so plain text is
    /// untouched.
    /// </summary>
    public static List<(int Start, int End)> Expand(ReadOnlySpan<char> text, List<(int Start, int End)> segments)
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

            if (Rot13Detector.Score(text[wordStart..wordEnd], out _, out _) < 0)
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
}
