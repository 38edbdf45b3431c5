namespace AlignLab.Evaluation;

/// <summary>
/// Helpers for the seeded bootstraps of mean scores (capability): a process-independent seed and percentiles.
/// Intervals for proportions are Wilson score intervals (<see cref="WilsonInterval"/>): a percentile bootstrap of a
/// proportion collapses to zero width at 0/n and n/n.
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
