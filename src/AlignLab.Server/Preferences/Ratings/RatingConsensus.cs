using CaiPair = AlignLab.Cai.Files.PreferencePair;

namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Turns a batch's ratings into <c>pairs.jsonl</c> records (<see cref="CaiPair"/>): an item becomes a pair when more
/// than half of its ratings prefer the same answer, which becomes <c>chosen</c>. An item whose majority says "tie", an
/// item with no majority (the raters disagree, e.g. one each way) and an unrated item give no pair; they are counted.
/// </summary>
internal static class RatingConsensus
{
    /// <summary>The pair for <paramref name="item"/>, or null and why not.</summary>
    public static (CaiPair? Pair, RatingExportOutcome Outcome) Decide(RatingItem item, IReadOnlyCollection<RatingRecord> ratings)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            return (null, RatingExportOutcome.Unrated);
        }

        var first = ratings.Count(r => r.Winner == RatingChoice.First);
        var second = ratings.Count(r => r.Winner == RatingChoice.Second);
        var tie = ratings.Count - first - second;
        if (2 * first > ratings.Count)
        {
            return (Pair(item, item.First, item.Second), RatingExportOutcome.Pair);
        }

        if (2 * second > ratings.Count)
        {
            return (Pair(item, item.Second, item.First), RatingExportOutcome.Pair);
        }

        return (null, 2 * tie > ratings.Count ? RatingExportOutcome.Tie : RatingExportOutcome.Disagreement);
    }

    private static CaiPair Pair(RatingItem item, string chosen, string rejected) =>
        new() { Prompt = item.Prompt, Chosen = chosen, Rejected = rejected, Id = item.Key, Source = "dashboard" };
}
