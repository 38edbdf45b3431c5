namespace AlignLab.Evaluation.Analysis;

/// <summary>The distribution of the classifier scores of a category's false positives.</summary>
/// <param name="Min">Lowest score.</param>
/// <param name="P25">25th percentile.</param>
/// <param name="P50">Median.</param>
/// <param name="P75">75th percentile.</param>
/// <param name="Max">Highest score.</param>
public sealed record ScoreQuantiles(double Min, double P25, double P50, double P75, double Max)
{
    /// <summary>Linear-interpolated quantiles of <paramref name="scores"/> (which need not be sorted); null when empty.</summary>
    public static ScoreQuantiles? Of(IEnumerable<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sorted = scores.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        return new ScoreQuantiles(
            sorted[0],
            BootstrapInterval.Percentile(sorted, 0.25),
            BootstrapInterval.Percentile(sorted, 0.5),
            BootstrapInterval.Percentile(sorted, 0.75),
            sorted[^1]);
    }
}
