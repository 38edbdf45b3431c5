namespace AlignLab.Evaluation;

/// <summary>
/// 95% percentile-bootstrap intervals for proportions. Resampling n Bernoulli outcomes is the same as drawing the
/// success count from Binomial(n, p̂); small samples are drawn exactly, large ones (n·p̂·(1−p̂) &gt; 25) from the
/// normal approximation, so an interval over 100,000 cases costs the same as one over 100. Seeded: the same counts
/// and seed give the same interval.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>
    /// Mixes numbers into a seed that is the same in every process. (<see cref="HashCode.Combine{T1, T2}"/> is randomised
    /// per process, so seeding with it made the "seeded" intervals differ from run to run.)
    /// </summary>
    public static int StableSeed(params ReadOnlySpan<int> values)
    {
        var h = 2166136261u;
        foreach (var v in values)
        {
            h = unchecked((h ^ (uint)v) * 16777619u);
        }

        return (int)(h & int.MaxValue);
    }

    /// <summary>The estimate for <paramref name="successes"/> out of <paramref name="total"/>.</summary>
    public static RateEstimate Estimate(int successes, int total, int seed, int samples = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 100);
        if (total == 0)
        {
            return new RateEstimate(0, 0, 0, 0);
        }

        var p = (double)successes / total;
        if (successes == 0 || successes == total)
        {
            return new RateEstimate(successes, total, p, p); // every resample is identical
        }

        var random = new Random(StableSeed(seed, successes, total));
        var draws = new double[samples];
        var exact = total * p * (1 - p) <= 25 || total <= 200;
        for (var b = 0; b < samples; b++)
        {
            int k;
            if (exact)
            {
                k = 0;
                for (var i = 0; i < total; i++)
                {
                    if (random.NextDouble() < p)
                    {
                        k++;
                    }
                }
            }
            else
            {
                // Box–Muller normal draw, rounded and clamped to a count.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                k = (int)Math.Clamp(Math.Round((total * p) + (z * Math.Sqrt(total * p * (1 - p)))), 0, total);
            }

            draws[b] = (double)k / total;
        }

        Array.Sort(draws);
        return new RateEstimate(successes, total, Percentile(draws, 0.025), Percentile(draws, 0.975));
    }

    /// <summary>Linear-interpolated percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }
}
