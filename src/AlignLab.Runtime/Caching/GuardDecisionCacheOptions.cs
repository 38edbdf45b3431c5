namespace AlignLab.Runtime.Caching;

/// <summary>Settings of a <see cref="GuardDecisionCache{TValue}"/>. Call <see cref="Validate"/> (the cache does) before use.</summary>
public sealed class GuardDecisionCacheOptions
{
    /// <summary>The most entries kept; the least recently used one is evicted beyond that. Default 10,000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>How long an entry stays valid after it was stored. Default 10 minutes.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxEntries < 1)
        {
            throw new ArgumentException("MaxEntries must be at least 1.", nameof(MaxEntries));
        }

        if (TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentException("TimeToLive must be positive.", nameof(TimeToLive));
        }
    }
}
