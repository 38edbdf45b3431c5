using AlignLab.Evaluation;
using CsCheck;

namespace AlignLab.Tests.Evaluation;

public sealed class BootstrapIntervalTests
{
    [Fact]
    public void Interval_contains_the_estimate_and_narrows_with_more_cases()
    {
        var small = BootstrapInterval.Estimate(30, 100, seed: 1);
        var large = BootstrapInterval.Estimate(3000, 10_000, seed: 1);
        Assert.InRange(0.3, small.Low, small.High);
        Assert.InRange(0.3, large.Low, large.High);
        Assert.True(large.High - large.Low < (small.High - small.Low) / 5);
        // The normal-theory half width for n=100, p=0.3 is about 0.09; the bootstrap agrees roughly.
        Assert.InRange((small.High - small.Low) / 2, 0.06, 0.12);
    }

    [Fact]
    public void Same_counts_and_seed_give_the_same_interval() =>
        Assert.Equal(BootstrapInterval.Estimate(17, 60, 5), BootstrapInterval.Estimate(17, 60, 5));

    [Fact]
    public void Degenerate_counts_have_zero_width()
    {
        Assert.Equal(new RateEstimate(0, 50, 0, 0), BootstrapInterval.Estimate(0, 50, 1));
        Assert.Equal(new RateEstimate(50, 50, 1, 1), BootstrapInterval.Estimate(50, 50, 1));
        Assert.Equal(0, BootstrapInterval.Estimate(0, 0, 1).Rate);
    }

    [Fact]
    public void Bounds_are_ordered_probabilities() =>
        Gen.Int[1, 5000].SelectMany(n => Gen.Int[0, n].Select(k => (k, n))).Sample(t =>
        {
            var e = BootstrapInterval.Estimate(t.k, t.n, 3, samples: 200);
            return e.Low >= 0 && e.High <= 1 && e.Low <= e.Rate + 1e-9 && e.Rate <= e.High + 1e-9;
        }, iter: 200);

    [Fact]
    public void Seeds_are_the_same_in_every_process()
    {
        // Literal values: a per-process randomised hash (HashCode.Combine) would break reproducible intervals across runs.
        Assert.Equal(90696630, BootstrapInterval.StableSeed(7, 158, 346));
        Assert.Equal(84696351, BootstrapInterval.StableSeed(0));
        Assert.NotEqual(BootstrapInterval.StableSeed(7, 158, 346), BootstrapInterval.StableSeed(7, 346, 158));
    }
}
