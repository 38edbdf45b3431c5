namespace AlignLab.Evaluation;

/// <summary>
/// The 95% Wilson score interval for a proportion: the one place AlignLab computes intervals for rates (blocked,
/// false positives, over-refusal, attack success, per category, benign refusal). Unlike a bootstrap or the normal
/// approximation it never collapses to zero width at 0/n or n/n (0/200 gives 0.0–1.9%, 2/2 gives 34.2–100%), it is
/// asymmetric near 0 and 1, and it needs no seed.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The normal quantile for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The estimate for <paramref name="successes"/> out of <paramref name="total"/> (0/0 gives 0 with bounds 0–0).</summary>
    public static RateEstimate Estimate(int successes, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, successes);
        if (total == 0)
        {
            return new RateEstimate(0, 0, 0, 0);
        }

        var (low, high) = Bounds(successes, total);
        return new RateEstimate(successes, total, low, high);
    }

    /// <summary>The 95% Wilson bounds for <paramref name="successes"/> out of <paramref name="total"/> (&gt; 0).</summary>
    public static (double Low, double High) Bounds(int successes, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, Math.Max(successes, 1));
        const double z2 = Z95 * Z95;
        var n = (double)total;
        var p = successes / n;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;

        // Exact at the edges (the formula gives 0 and 1 only up to rounding), and never excluding the estimate.
        var low = successes == 0 ? 0 : Math.Min(p, Math.Max(0, centre - half));
        var high = successes == total ? 1 : Math.Max(p, Math.Min(1, centre + half));
        return (low, high);
    }
}
