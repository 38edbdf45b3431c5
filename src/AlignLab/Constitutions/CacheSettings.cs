namespace AlignLab.Constitutions;

/// <summary>Caching of guard decisions (<c>cache:</c>).</summary>
public sealed record CacheSettings
{
    public bool Enabled { get; init; } = true;
    public int MaxEntries { get; init; } = 10_000;
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromMinutes(10);
}
