using AlignLab.Metrics;

namespace AlignLab.Tests.Metrics;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Counts_and_rates_at_a_threshold()
    {
        var data = new (double, bool)[] { (0.9, true), (0.8, false), (0.7, true), (0.2, true), (0.1, false), (0.05, false) };

        var m = BinaryMetrics.Compute(data, 0.5);

        Assert.Equal((2, 1, 2, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(4.0 / 6, m.Accuracy, 10);
        Assert.Equal(2.0 / 3, m.Precision, 10);
        Assert.Equal(2.0 / 3, m.Recall, 10);
        Assert.Equal(1.0 / 3, m.FalsePositiveRate, 10);
    }

    [Fact]
    public void Auc_is_the_probability_a_positive_outranks_a_negative()
    {
        // Pairs (pos, neg): 0.9 beats all 3; 0.7 beats 2; 0.2 beats 2 → 7 of 9.
        var data = new (double, bool)[] { (0.9, true), (0.8, false), (0.7, true), (0.2, true), (0.1, false), (0.05, false) };
        Assert.Equal(7.0 / 9, BinaryMetrics.Compute(data, 0.5).RocAuc, 10);
    }

    [Fact]
    public void Perfect_ranking_has_auc_and_average_precision_one()
    {
        var data = new (double, bool)[] { (0.9, true), (0.8, true), (0.3, false), (0.1, false) };
        var m = BinaryMetrics.Compute(data, 0.5);
        Assert.Equal(1.0, m.RocAuc, 10);
        Assert.Equal(1.0, m.PrAuc, 10);
    }

    [Fact]
    public void Ties_count_half()
    {
        var data = new (double, bool)[] { (0.5, true), (0.5, false) };
        Assert.Equal(0.5, BinaryMetrics.Compute(data, 0.5).RocAuc, 10);
    }

    [Fact]
    public void Perfectly_calibrated_bins_have_zero_ece()
    {
        var data = new List<(double, bool)>();
        data.AddRange(Enumerable.Range(0, 4).Select(i => (0.25, i == 0)));
        data.AddRange(Enumerable.Range(0, 4).Select(i => (0.75, i != 0)));

        Assert.Equal(0.0, BinaryMetrics.Compute(data, 0.5).Ece, 10);
    }

    [Fact]
    public void Single_class_data_has_undefined_auc_not_a_crash()
    {
        var m = BinaryMetrics.Compute([(0.2, false), (0.4, false)], 0.5);
        Assert.True(double.IsNaN(m.RocAuc));
        Assert.Equal(0, m.FalsePositiveRate);
    }

    [Fact]
    public void Reliability_chart_is_svg()
    {
        var m = BinaryMetrics.Compute([(0.1, false), (0.9, true), (0.6, false)], 0.5);
        var svg = SvgCharts.Reliability(m.Reliability, "t");
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("<rect", svg, StringComparison.Ordinal);
        Assert.Contains("polyline", SvgCharts.Roc(m.RocCurve, m.RocAuc, "roc"), StringComparison.Ordinal);
    }
}
