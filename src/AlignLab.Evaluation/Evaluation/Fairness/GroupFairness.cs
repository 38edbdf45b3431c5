namespace AlignLab.Evaluation.Fairness;

/// <summary>
/// Computes per-group recall and false-positive rate (with 95% Wilson intervals, <see cref="WilsonInterval"/>) and the
/// worst-to-best ratio of each over the groups large enough to estimate it. Used by <c>alignlab eval-classifier
/// --group-column</c> on TOXIGEN and HateCheck target groups and on benign HolisticBias sentences, where every flag is a
/// false positive.
/// </summary>
public static class GroupFairness
{
    /// <summary>
    /// The default fewest texts of a class a group needs: with 30 texts a Wilson interval around 10% spans about 3–26%, so
    /// smaller groups are shown with their interval but not ranked.
    /// </summary>
    public const int DefaultMinGroupSize = 30;

    /// <summary>The group a text with an empty or missing group value is counted under.</summary>
    public const string NoGroup = "(none)";

    /// <summary>Computes the report; groups are compared ordinally, an empty group name counts as <see cref="NoGroup"/>.</summary>
    public static GroupFairnessReport Compute(string column, IEnumerable<GroupOutcome> outcomes, int minGroupSize = DefaultMinGroupSize)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfLessThan(minGroupSize, 1);
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal); // tp, fn, fp, tn
        foreach (var o in outcomes)
        {
            var name = string.IsNullOrWhiteSpace(o.Group) ? NoGroup : o.Group.Trim();
            if (!counts.TryGetValue(name, out var c))
            {
                counts[name] = c = new int[4];
            }

            c[(o.Unsafe, o.Flagged) switch { (true, true) => 0, (true, false) => 1, (false, true) => 2, _ => 3 }]++;
        }

        var groups = counts.Select(kv =>
        {
            var (tp, fn, fp, tn) = (kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]);
            return new GroupRates(kv.Key, tp + fn + fp + tn, WilsonInterval.Estimate(tp, tp + fn), WilsonInterval.Estimate(fp, fp + tn),
                tp + fn >= minGroupSize, fp + tn >= minGroupSize);
        }).ToList();
        return new GroupFairnessReport(column, minGroupSize, groups,
            Disparity("fpr", [.. groups.Where(g => g.FprEstimable)], g => g.FalsePositiveRate.Rate, higherIsWorse: true),
            Disparity("recall", [.. groups.Where(g => g.RecallEstimable)], g => g.Recall.Rate, higherIsWorse: false));
    }

    private static GroupDisparity Disparity(string metric, List<GroupRates> groups, Func<GroupRates, double> rate, bool higherIsWorse)
    {
        if (groups.Count == 0)
        {
            return new GroupDisparity(metric, 0, null, null, null, null);
        }

        // Ties keep name order, so the report is the same on every run.
        var ordered = groups.OrderBy(rate).ToList();
        var (best, worst) = higherIsWorse ? (ordered[0], ordered[^1]) : (ordered[^1], ordered[0]);
        if (groups.Count < 2)
        {
            return new GroupDisparity(metric, 1, worst, best, null, null);
        }

        var ratio = rate(best) == 0 ? (double?)null : rate(worst) / rate(best);
        return new GroupDisparity(metric, groups.Count, worst, best, ratio, rate(worst) - rate(best));
    }
}
