using AlignLab.Evaluation;
using CsCheck;

namespace AlignLab.Tests.Evaluation;

public sealed class WilsonIntervalTests
{
    [Theory]
    [InlineData(0, 200, 0.0, 0.01885)]
    [InlineData(2, 2, 0.34238, 1.0)]
    [InlineData(0, 14, 0.0, 0.21531)]
    [InlineData(30, 100, 0.21895, 0.39585)]
    [InlineData(1, 3, 0.06149, 0.79234)]
    public void Matches_the_published_Wilson_bounds(int k, int n, double low, double high)
    {
        var e = WilsonInterval.Estimate(k, n);
        Assert.Equal(low, e.Low, tolerance: 1e-5);
        Assert.Equal(high, e.High, tolerance: 1e-5);
    }

    [Fact]
    public void No_cases_give_an_empty_estimate() => Assert.Equal(new RateEstimate(0, 0, 0, 0), WilsonInterval.Estimate(0, 0));

    [Fact]
    public void Bounds_are_ordered_probabilities_around_the_estimate_with_positive_width() =>
        Gen.Int[1, 100_000].SelectMany(n => Gen.Int[0, n].Select(k => (k, n))).Sample(t =>
        {
            var e = WilsonInterval.Estimate(t.k, t.n);
            return e.Low >= 0 && e.High <= 1 && e.Low <= e.Rate && e.Rate <= e.High && e.High - e.Low > 0;
        }, iter: 2000);

    [Fact]
    public void Is_symmetric_under_swapping_successes_and_failures() =>
        Gen.Int[1, 5000].SelectMany(n => Gen.Int[0, n].Select(k => (k, n))).Sample(t =>
        {
            var a = WilsonInterval.Estimate(t.k, t.n);
            var b = WilsonInterval.Estimate(t.n - t.k, t.n);
            return Math.Abs(a.Low - (1 - b.High)) < 1e-12 && Math.Abs(a.High - (1 - b.Low)) < 1e-12;
        }, iter: 500);
}
