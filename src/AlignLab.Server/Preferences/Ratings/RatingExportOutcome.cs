namespace AlignLab.Server.Preferences.Ratings;

/// <summary>What the export did with one item.</summary>
internal enum RatingExportOutcome
{
    /// <summary>Written as a pair (a majority preferred one answer).</summary>
    Pair,

    /// <summary>Left out: most ratings say the answers are equally good.</summary>
    Tie,

    /// <summary>Left out: no answer has a majority of the ratings.</summary>
    Disagreement,

    /// <summary>Left out: nobody rated it.</summary>
    Unrated,
}
