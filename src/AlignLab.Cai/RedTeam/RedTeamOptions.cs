namespace AlignLab.Cai.RedTeam;

/// <summary>Settings of a <see cref="RedTeamGenerator"/>.</summary>
public sealed record RedTeamOptions
{
    /// <summary>Prompts wanted per category and strategy, 1–1000 (default 10).</summary>
    public int PerCategoryAndStrategy { get; init; } = 10;

    /// <summary>The strategies (default: all five).</summary>
    public IReadOnlyList<AttackStrategy> Strategies { get; init; } = AttackStrategy.All;

    /// <summary>Most requests to the attacker per category and strategy while duplicates keep it short (default 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The 3-gram Jaccard similarity from which two prompts are near-duplicates (default 0.7).</summary>
    public double DuplicateThreshold { get; init; } = 0.7;

    /// <summary>Temperature of the attacker (default 1.0, for variety).</summary>
    public float? Temperature { get; init; } = 1.0f;

    /// <summary>How long one attacker call may take (default 120 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The attacker's name written into each prompt's source, or null to ask the client.</summary>
    public string? AttackerName { get; init; }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PerCategoryAndStrategy is < 1 or > 1000)
        {
            errors.Add($"{nameof(PerCategoryAndStrategy)} must be between 1 and 1000 (was {PerCategoryAndStrategy}).");
        }

        if (Strategies is null || Strategies.Count == 0)
        {
            errors.Add($"{nameof(Strategies)} must name at least one strategy.");
        }

        if (MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{nameof(MaxAttempts)} must be between 1 and 10 (was {MaxAttempts}).");
        }

        if (!double.IsFinite(DuplicateThreshold) || DuplicateThreshold is <= 0 or > 1)
        {
            errors.Add($"{nameof(DuplicateThreshold)} must be in (0, 1] (was {DuplicateThreshold}).");
        }

        if (CallTimeout <= TimeSpan.Zero && CallTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(CallTimeout)} must be positive (was {CallTimeout}).");
        }

        return errors;
    }
}
