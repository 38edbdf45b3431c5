namespace AlignLab.Evaluation.Fairness;

/// <summary>
/// The spread of one rate across the groups where it is estimable: the worst and best group, the worst-to-best ratio and
/// the difference. For the false-positive rate the worst group is the highest and the ratio is worst ÷ best (1 is
/// parity, above 1 is worse; null when the best group has no false positive at all, the difference then carries the
/// gap); for recall the worst group is the lowest and the ratio is worst ÷ best (1 is parity, below 1 is worse).
/// </summary>
/// <param name="Metric"><c>fpr</c> or <c>recall</c>.</param>
/// <param name="GroupsCompared">Groups with enough texts for the rate.</param>
/// <param name="Worst">The worst group and its rate, or null when no group is estimable.</param>
/// <param name="Best">The best group and its rate, or null when no group is estimable.</param>
/// <param name="Ratio">Worst ÷ best, or null when fewer than two groups are compared or the best rate is 0.</param>
/// <param name="Difference">Worst − best (a share, not points), or null when fewer than two groups are compared.</param>
public sealed record GroupDisparity(string Metric, int GroupsCompared, GroupRates? Worst, GroupRates? Best, double? Ratio, double? Difference);
