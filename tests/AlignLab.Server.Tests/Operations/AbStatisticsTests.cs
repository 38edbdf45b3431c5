using AlignLab.Server.Operations;

namespace AlignLab.Server.Tests.Operations;

/// <summary>The statistics behind <c>alignlab ab status</c>, against values worked out by hand (and R's prop.test without continuity
/// correction).</summary>
public sealed class AbStatisticsTests
{
    [Fact]
    public void The_Wilson_interval_of_8_out_of_10_is_0_490_to_0_943()
    {
        var (low, high) = AbStatistics.Wilson(8, 10);
        Assert.Equal(0.4902, low, 4);
        Assert.Equal(0.9433, high, 4);
    }

    [Fact]
    public void With_no_trials_the_interval_is_everything()
    {
        Assert.Equal((0.0, 1.0), AbStatistics.Wilson(0, 0));
    }

    [Fact]
    public void Forty_five_in_a_hundred_against_sixty_in_a_hundred_gives_z_2_12_and_p_0_034()
    {
        // pooled 0.525, se = sqrt(0.525 · 0.475 · 0.02) = 0.07062; z = 0.15 / 0.07062 = 2.124; p = erfc(2.124 / √2) = 0.0337.
        var (z, p) = AbStatistics.TwoProportionZ(45, 100, 60, 100);
        Assert.Equal(2.124, z, 3);
        Assert.Equal(0.0337, p, 4);
    }

    [Fact]
    public void Equal_rates_or_no_variation_give_p_one()
    {
        Assert.Equal(1, AbStatistics.TwoProportionZ(10, 100, 10, 100).P, 6);
        Assert.Equal((0.0, 1.0), AbStatistics.TwoProportionZ(0, 50, 0, 70));
        Assert.Equal((0.0, 1.0), AbStatistics.TwoProportionZ(3, 0, 1, 10));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0.157299207)]
    [InlineData(2, 0.004677735)]
    [InlineData(-1, 1.842700793)]
    public void Erfc_matches_the_tables(double x, double expected)
    {
        Assert.Equal(expected, AbStatistics.Erfc(x), 6);
    }

    [Fact]
    public void No_verdict_is_given_below_the_minimum_sample()
    {
        var experiment = new AbExperiment("e", DateTimeOffset.UnixEpoch, "aaaa", "bbbb", 0.5, null, null);
        var status = AbStatus.From(experiment, [new AbArmCounts("a", 99, 0, 0, 1), new AbArmCounts("b", 500, 400, 0, 1)], minimumSample: 100);
        Assert.False(status.EnoughData);
        Assert.False(status.BlockRatesDiffer);
        Assert.Contains("at least 100", status.Verdict, StringComparison.Ordinal);

        var enough = AbStatus.From(experiment, [new AbArmCounts("a", 100, 0, 0, 1), new AbArmCounts("b", 500, 400, 0, 1)], minimumSample: 100);
        Assert.True(enough.BlockRatesDiffer);
        Assert.Contains("arm b blocks more", enough.Verdict, StringComparison.Ordinal);
    }
}
