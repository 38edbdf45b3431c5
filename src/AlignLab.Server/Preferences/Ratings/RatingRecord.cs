namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// One rater's judgement of one item. <paramref name="Swapped"/> is the order the rater was shown (false: the file's first
/// answer was shown as A); <paramref name="ShownChoice"/> and <paramref name="ShownScale"/> are what the rater entered, in
/// the shown order; <see cref="Winner"/> is the same judgement in the file's order.
/// </summary>
/// <param name="ItemId">The item.</param>
/// <param name="Rater">The key name of the rater.</param>
/// <param name="Swapped">Whether the second answer was shown as A.</param>
/// <param name="ShownChoice">The choice as entered: <see cref="RatingChoice.First"/> is A (shown first), Second is B.</param>
/// <param name="ShownScale">The 1–7 scale as entered: 1 is A much better, 4 equal, 7 B much better.</param>
/// <param name="Reason">Why, if the rater said.</param>
/// <param name="RatedAt">When it was stored (the latest save).</param>
internal sealed record RatingRecord(long ItemId, string Rater, bool Swapped, RatingChoice ShownChoice, int ShownScale, string? Reason,
    DateTimeOffset RatedAt)
{
    /// <summary>The preferred answer in the file's order.</summary>
    public RatingChoice Winner => ShownChoice == RatingChoice.Tie || !Swapped
        ? ShownChoice
        : ShownChoice == RatingChoice.First ? RatingChoice.Second : RatingChoice.First;

    /// <summary>The scale in the file's order (1: the first answer much better).</summary>
    public int Scale => Swapped ? 8 - ShownScale : ShownScale;
}
