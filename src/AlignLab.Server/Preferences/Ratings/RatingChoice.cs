namespace AlignLab.Server.Preferences.Ratings;

/// <summary>Which answer a rater preferred, in the file's order (never the order the rater saw).</summary>
internal enum RatingChoice
{
    /// <summary>The item's first answer (the file's <c>chosen</c>, or the earlier candidate).</summary>
    First,

    /// <summary>The item's second answer.</summary>
    Second,

    /// <summary>Neither: the two are about as good.</summary>
    Tie,
}
