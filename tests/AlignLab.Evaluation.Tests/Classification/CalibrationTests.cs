using AlignLab.Classification;

namespace AlignLab.Tests.Classification;

public sealed class CalibrationTests
{
    [Fact]
    public void Platt_scaling_recovers_a_known_sigmoid()
    {
        // Labels drawn from p = σ(2z − 1): the fit should land near A = 2, B = −1.
        var random = new Random(7);
        var points = new List<(double, bool)>();
        for (var i = 0; i < 20_000; i++)
        {
            var z = (random.NextDouble() * 6) - 3;
            var p = 1 / (1 + Math.Exp(-((2 * z) - 1)));
            points.Add((z, random.NextDouble() < p));
        }

        var (a, b) = PlattScaling.Fit(points);

        Assert.InRange(a, 1.85, 2.15);
        Assert.InRange(b, -1.15, -0.85);
    }

    [Fact]
    public void Platt_scaling_on_separable_data_keeps_the_order()
    {
        // Perfectly separated, large logits: the Hessian vanishes; the fit must stay increasing and finite.
        var points = Enumerable.Range(0, 200).Select(i => (i < 100 ? -12.0 - (i % 7) : 11.0 + (i % 5), i >= 100)).ToList();

        var (a, b) = PlattScaling.Fit(points);

        Assert.True(a > 0, $"A = {a}");
        Assert.True(float.IsFinite(a) && float.IsFinite(b));
        var pNeg = 1 / (1 + Math.Exp(-((a * -12) + b)));
        var pPos = 1 / (1 + Math.Exp(-((a * 11) + b)));
        Assert.True(pNeg < 0.05 && pPos > 0.95, $"{pNeg} {pPos}");
    }

    [Fact]
    public void Platt_scaling_with_one_class_is_identity() =>
        Assert.Equal((1f, 0f), PlattScaling.Fit([(0.3, true), (1.2, true)]));

    [Fact]
    public void Threshold_for_target_fpr_keeps_fpr_within_budget()
    {
        var random = new Random(3);
        var scored = Enumerable.Range(0, 1000).Select(i => (random.NextDouble(), i % 2 == 0)).ToList();

        var t = ThresholdSelector.ForTargetFpr(scored, 0.05);

        var negatives = scored.Where(s => !s.Item2).ToList();
        var fpr = negatives.Count(s => s.Item1 >= t) / (double)negatives.Count;
        Assert.True(fpr <= 0.05, $"fpr {fpr}");
        Assert.True(fpr >= 0.04, $"threshold too strict: fpr {fpr}");
    }
}
