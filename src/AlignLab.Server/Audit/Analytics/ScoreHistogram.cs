namespace AlignLab.Server.Audit.Analytics;

/// <summary>Classifier scores in ten equal bins over [0, 1], the usual binning for a population stability index.</summary>
internal sealed class ScoreHistogram
{
    /// <summary>Number of bins.</summary>
    public const int Bins = 10;

    // A bin empty on one side would make the index infinite; each share is floored at this value, as is customary.
    private const double Floor = 1e-4;

    private readonly long[] _counts = new long[Bins];

    /// <summary>Scores added.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of the scores added.</summary>
    public double Sum { get; private set; }

    /// <summary>The counts per bin.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Adds a score (clamped to [0, 1]).</summary>
    public void Add(double score)
    {
        var s = Math.Clamp(score, 0, 1);
        _counts[Math.Min(Bins - 1, (int)(s * Bins))]++;
        Count++;
        Sum += s;
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Merge(ScoreHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Bins; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
    }

    /// <summary>
    /// The population stability index of this histogram against <paramref name="reference"/>:
    /// Σ (actual − expected) · ln(actual / expected) over the bins' shares. Null when either side is empty.
    /// Below 0.1 is usually read as stable, 0.1–0.25 as a moderate shift, above 0.25 as a significant one.
    /// </summary>
    public double? Psi(ScoreHistogram reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (Count == 0 || reference.Count == 0)
        {
            return null;
        }

        double psi = 0;
        for (var i = 0; i < Bins; i++)
        {
            var actual = Math.Max(Floor, (double)_counts[i] / Count);
            var expected = Math.Max(Floor, (double)reference._counts[i] / reference.Count);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return Math.Round(psi, 4);
    }
}
