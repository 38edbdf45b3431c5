namespace AlignLab.Normalization;

/// <summary>
/// The result of <see cref="TextNormalizer.Normalize"/>: the original input, its primary normalised view,
/// extra views for decoded content, and every change that was made.
/// </summary>
public sealed class NormalizedText
{
    internal NormalizedText(string original, IReadOnlyList<TextView> views, IReadOnlyList<NormalizationEvent> events)
    {
        Original = original;
        Views = views;
        Primary = views[0];
        Events = events;
    }

    /// <summary>The input exactly as given.</summary>
    public string Original { get; }

    /// <summary>The primary view (<see cref="TextView.Source"/> <c>"normalized"</c>), always <c>Views[0]</c>.</summary>
    public TextView Primary { get; }

    /// <summary>
    /// The primary view first, then the primary's rot13 view if any, then one view per decoded segment
    /// (each followed by its own rot13 and nested decoded views).
    /// </summary>
    public IReadOnlyList<TextView> Views { get; }

    /// <summary>All events of all views (without duplicates), ordered by original position.</summary>
    public IReadOnlyList<NormalizationEvent> Events { get; }

    /// <summary>True when at least one view besides the primary view was produced.</summary>
    public bool HasDecodedViews => Views.Count > 1;

    /// <summary>Events whose original span overlaps <paramref name="originalSpan"/> (see <see cref="TextSpan.Overlaps"/>).</summary>
    public IEnumerable<NormalizationEvent> EventsOverlapping(TextSpan originalSpan)
    {
        foreach (var e in Events)
        {
            if (e.OriginalSpan.Start > originalSpan.End)
            {
                yield break;
            }

            if (e.OriginalSpan.Overlaps(originalSpan))
            {
                yield return e;
            }
        }
    }
}
