using AlignLab.Evaluation;
using AlignLab.Evaluation.Fairness;

namespace AlignLab.Tests.Evaluation.Fairness;

public sealed class GroupFairnessTests
{
    private static IEnumerable<GroupOutcome> Many(string group, bool isUnsafe, int flagged, int total) =>
        Enumerable.Range(0, total).Select(i => new GroupOutcome(group, isUnsafe, i < flagged));

    [Fact]
    public void Each_group_gets_counts_recall_and_fpr_with_wilson_intervals_and_the_worst_to_best_ratios()
    {
        var outcomes = Many("a", true, 36, 40).Concat(Many("a", false, 4, 40))     // recall 0.9, FPR 0.1
            .Concat(Many("b", true, 24, 40)).Concat(Many("b", false, 12, 40))          // recall 0.6, FPR 0.3
            .Concat(Many("c", true, 32, 40)).Concat(Many("c", false, 8, 40));          // recall 0.8, FPR 0.2

        var report = GroupFairness.Compute("target_group", outcomes);

        Assert.Equal(["a", "b", "c"], report.Groups.Select(g => g.Group));
        var b = report.Groups[1];
        Assert.Equal((80, 40, 40), (b.Count, b.Positives, b.Negatives));
        Assert.Equal(WilsonInterval.Estimate(24, 40), b.Recall);
        Assert.Equal(WilsonInterval.Estimate(12, 40), b.FalsePositiveRate);
        var fpr = report.FalsePositiveRate;
        Assert.Equal(("b", "a", 3), (fpr.Worst!.Group, fpr.Best!.Group, fpr.GroupsCompared));
        Assert.Equal(3.0, report.FalsePositiveRate.Ratio!.Value, 10);
        Assert.Equal(0.2, report.FalsePositiveRate.Difference!.Value, 10);
        Assert.Equal(("b", "a"), (report.Recall.Worst!.Group, report.Recall.Best!.Group));
        Assert.Equal(0.6 / 0.9, report.Recall.Ratio!.Value, 10);
        Assert.Empty(report.TooSmall);
    }

    [Fact]
    public void A_group_below_the_minimum_size_is_flagged_and_left_out_of_the_ratio_however_extreme_its_rate()
    {
        // 5 benign texts all flagged: FPR 100% [56.6–100], too few to rank against the groups of 50.
        var outcomes = Many("big1", false, 5, 50).Concat(Many("big2", false, 10, 50)).Concat(Many("tiny", false, 5, 5));

        var report = GroupFairness.Compute("g", outcomes, minGroupSize: 30);

        var tiny = Assert.Single(report.TooSmall);
        Assert.Equal("tiny", tiny.Group);
        Assert.False(tiny.FprEstimable);
        Assert.Equal(1.0, tiny.FalsePositiveRate.Rate);
        Assert.True(tiny.FalsePositiveRate.Low < 0.6);
        Assert.Equal("big2", report.FalsePositiveRate.Worst!.Group);
        Assert.Equal(2.0, report.FalsePositiveRate.Ratio!.Value, 10);
        Assert.Equal(0, report.Recall.GroupsCompared); // no unsafe texts anywhere: nothing to compare, not a ratio of zeros
        Assert.Null(report.Recall.Ratio);
    }

    [Fact]
    public void A_best_group_without_false_positives_leaves_the_ratio_undefined_and_the_difference_carries_the_gap()
    {
        var outcomes = Many("clean", false, 0, 40).Concat(Many("noisy", false, 8, 40)).Append(new GroupOutcome(" ", false, false));

        var report = GroupFairness.Compute("g", outcomes);

        Assert.Null(report.FalsePositiveRate.Ratio);
        Assert.Equal(0.2, report.FalsePositiveRate.Difference!.Value, 10);
        Assert.Contains("undefined", GroupFairnessWriter.Summary(report.FalsePositiveRate), StringComparison.Ordinal);
        Assert.Contains(report.Groups, g => g.Group == GroupFairness.NoGroup && g.Count == 1);
    }
}
