namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// A bounded-memory latency histogram: logarithmic buckets 2% wide from 0.01 ms to about 3 hours (1,050 counters),
/// so a percentile is within about 1% of the exact value whatever the number of requests.
/// </summary>
internal sealed class LatencySketch
{
    private const double Min = 0.01;
    private static readonly double LogGamma = Math.Log(1.02);
    private static readonly int Buckets = (int)Math.Ceiling(Math.Log(1e7 / Min) / LogGamma) + 1;
    private readonly long[] _counts = new long[Buckets];

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a latency in milliseconds (negative and NaN values count as the smallest bucket).</summary>
    public void Add(double ms)
    {
        var index = !(ms > Min) ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(ms / Min) / LogGamma));
        _counts[index]++;
        Count++;
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Merge(LatencySketch other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The <paramref name="q"/>-quantile (0–1) in milliseconds, or null when empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                // Bucket i holds (Min·γ^(i-1), Min·γ^i]; report its geometric middle.
                return i == 0 ? Min : Math.Round(Min * Math.Exp((i - 0.5) * LogGamma), 3);
            }
        }

        return null;
    }
}
