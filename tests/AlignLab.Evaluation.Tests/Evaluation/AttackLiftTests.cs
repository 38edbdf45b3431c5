using AlignLab.Evaluation;
using CsCheck;

namespace AlignLab.Tests.Evaluation;

public sealed class AttackLiftTests
{
    private static readonly Gen<(int Both, int TransformedOnly, int AsWrittenOnly, int Neither)> Tables =
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 300]).Where(t => t.Item1 + t.Item2 + t.Item3 + t.Item4 > 0);

    [Fact]
    public void Interval_holds_the_lift_within_minus_one_and_one() =>
        Tables.Sample(t =>
        {
            var l = AttackLift.Of(t.Both + t.TransformedOnly + t.AsWrittenOnly + t.Neither, t.Both, t.TransformedOnly, t.AsWrittenOnly);
            return l.Low >= -1 && l.High <= 1 && l.Low <= l.Lift && l.Lift <= l.High && l.High > l.Low
                && Math.Abs(l.Lift - (l.TransformedRate - l.AsWrittenRate)) < 1e-12;
        }, iter: 2000);

    [Fact]
    public void Identical_outcomes_give_zero_lift_with_an_interval_around_it()
    {
        // 196 requests, 122 of which get through both as written and transformed (the default eval's obfuscations).
        var l = AttackLift.Of(196, 122, 0, 0);

        Assert.Equal(0, l.Lift);
        Assert.Equal(122 / 196.0, l.AsWrittenRate);
        Assert.True(l.Low < 0 && l.High > 0);
        Assert.InRange(l.High - l.Low, 0.005, 0.06);
    }

    [Fact]
    public void A_transform_that_gets_many_more_through_has_an_interval_above_zero()
    {
        var l = AttackLift.Of(196, 100, 40, 2);

        Assert.Equal(38 / 196.0, l.Lift, 12);
        Assert.True(l.Low > 0.1);
    }
}
