using System.Buffers;

namespace AlignLab.Classification;

/// <summary>
/// Cuts a normalised view into <em>units</em>, the pieces the classifier also scores on their own (alone and two
/// neighbours together) so that benign text around a harmful request cannot dilute it (see
/// <see cref="WindowedScoring"/>). A unit is a sentence: it ends after '.', '!' or '?' (a run of them) followed by
/// white space, or after a line break. A sentence longer than <see cref="LongSentence"/> characters is cut at
/// spaces into pieces of about <see cref="Piece"/>; a unit shorter than <see cref="MinUnit"/> characters is joined to
/// the next (the last to the previous), since a few words say too little on their own. Past <see cref="MaxUnits"/>
/// units, neighbours are joined in pairs until the count fits, so any input gives at most that many.
/// </summary>
internal static class ScoringUnits
{
    /// <summary>Shortest unit, in characters; shorter sentences are joined to the next one.</summary>
    public const int MinUnit = 64;

    /// <summary>Longest sentence kept whole, in characters.</summary>
    public const int LongSentence = 240;

    /// <summary>Target length of the pieces a long sentence is cut into (two neighbours make a window of about <see cref="LongSentence"/>).</summary>
    public const int Piece = 120;

    /// <summary>Most units per view.</summary>
    public const int MaxUnits = 16_384;

    private static readonly SearchValues<char> Breaks = SearchValues.Create(".!?\n");

    /// <summary>Capacity that <see cref="Split"/> needs for a text of <paramref name="length"/> characters.</summary>
    public static int Capacity(int length) => (length / MinUnit) + 2;

    /// <summary>True when the text is certainly one unit (too short for two), so it needs no windows.</summary>
    public static bool IsSingle(ReadOnlySpan<char> text) => text.Length < 2 * MinUnit;

    /// <summary>
    /// Writes the end of every unit into <paramref name="ends"/> (unit i is <c>[ends[i-1], ends[i])</c>, unit 0 starts at 0,
    /// the last ends at the text's end) and returns how many there are (at least 1).
    /// </summary>
    /// <param name="text">The view text.</param>
    /// <param name="ends">At least <see cref="Capacity"/> entries.</param>
    public static int Split(ReadOnlySpan<char> text, Span<int> ends)
    {
        var count = 0;
        var unitStart = 0;
        var sentenceStart = 0;
        while (sentenceStart < text.Length)
        {
            var sentenceEnd = NextSentenceEnd(text, sentenceStart);

            // Pieces of a long sentence, cut at the last space before each piece's end.
            var pieceStart = sentenceStart;
            while (sentenceEnd - pieceStart > LongSentence)
            {
                var cut = CutPoint(text, pieceStart);
                Emit(ends, ref count, ref unitStart, cut);
                pieceStart = cut;
            }

            Emit(ends, ref count, ref unitStart, sentenceEnd);
            sentenceStart = sentenceEnd;
        }

        if (unitStart < text.Length || count == 0)
        {
            // A short tail joins the unit before it.
            if (count == 0)
            {
                count = 1;
            }

            ends[count - 1] = text.Length;
        }

        while (count > MaxUnits)
        {
            var half = 0;
            for (var i = 1; i < count; i += 2)
            {
                ends[half++] = ends[i];
            }

            if (count % 2 == 1)
            {
                ends[half++] = ends[count - 1];
            }

            count = half;
        }

        return count;
    }

    private static void Emit(Span<int> ends, ref int count, ref int unitStart, int end)
    {
        if (end - unitStart >= MinUnit)
        {
            ends[count++] = end;
            unitStart = end;
        }
    }

    // One past the sentence that starts at `from`: after a run of terminators followed by white space (or the text's
    // end), or after a line break; the text's end when there is neither.
    private static int NextSentenceEnd(ReadOnlySpan<char> text, int from)
    {
        var i = from;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(Breaks);
            if (next < 0)
            {
                return text.Length;
            }

            i += next;
            if (text[i] == '\n')
            {
                return i + 1;
            }

            while (i < text.Length && text[i] is '.' or '!' or '?')
            {
                i++;
            }

            if (i >= text.Length || char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }

    // Where to end a piece starting at `start`: after the last space in its second half, or at Piece characters.
    private static int CutPoint(ReadOnlySpan<char> text, int start)
    {
        var window = text.Slice(start + (Piece / 2), Piece / 2);
        var space = window.LastIndexOf(' ');
        return space < 0 ? start + Piece : start + (Piece / 2) + space + 1;
    }
}
