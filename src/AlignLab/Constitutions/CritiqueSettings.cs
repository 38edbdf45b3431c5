namespace AlignLab.Constitutions;

/// <summary>Runtime constitutional critique→revision (<c>critique_revision:</c>).</summary>
public sealed record CritiqueSettings
{
    public bool Enabled { get; init; }

    /// <summary>Name of the critic in <c>models:</c>; null means the guarded model itself.</summary>
    public string? Critic { get; init; }

    /// <summary>Name of the reviser in <c>models:</c>; null means the critic.</summary>
    public string? Reviser { get; init; }

    public int MaxRounds { get; init; } = 3;
    public int PrinciplesPerRound { get; init; } = 2;

    /// <summary>Smallest critic-score gain (0–10 scale) that counts as an improvement.</summary>
    public double MinImprovement { get; init; } = 0.5;

    /// <summary>Seed for sampling principles.</summary>
    public int Seed { get; init; }

    /// <summary>Per-call timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
