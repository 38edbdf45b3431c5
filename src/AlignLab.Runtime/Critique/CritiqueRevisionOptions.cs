namespace AlignLab.Runtime.Critique;

/// <summary>Settings for a <see cref="CritiqueRevisionEngine"/>. The engine copies them when it is constructed.</summary>
public sealed class CritiqueRevisionOptions
{
    /// <summary>Maximum number of critique rounds, 1–10 (default 3).</summary>
    public int MaxRounds { get; set; } = 3;

    /// <summary>Principles sampled per round, 1–20 (default 2); fewer when fewer are eligible.</summary>
    public int PrinciplesPerRound { get; set; } = 2;

    /// <summary>Seed for principle sampling. Null: a fresh seed per run (recorded in the result, so any run can be reproduced).</summary>
    public int? Seed { get; set; }

    /// <summary>Which principles are sampled (default: all with a positive weight).</summary>
    public PrincipleSelection Selection { get; set; } = PrincipleSelection.All;

    /// <summary>
    /// Minimum gain of the critic's 0–10 score from one round to the next (default 0.5). A smaller gain stops the run
    /// with <see cref="CritiqueStopReason.NoImprovement"/>.
    /// </summary>
    public double MinImprovement { get; set; } = 0.5;

    /// <summary>How long one critic or reviser call may take (default 60 s); <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Temperature for the critic (default 0); null to leave it to the model.</summary>
    public float? CriticTemperature { get; set; } = 0f;

    /// <summary>Temperature for the reviser (default null: the model's own).</summary>
    public float? ReviserTemperature { get; set; }

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRounds is < 1 or > 10)
        {
            errors.Add($"{nameof(MaxRounds)} must be between 1 and 10 (was {MaxRounds}).");
        }

        if (PrinciplesPerRound is < 1 or > 20)
        {
            errors.Add($"{nameof(PrinciplesPerRound)} must be between 1 and 20 (was {PrinciplesPerRound}).");
        }

        if (!Enum.IsDefined(Selection))
        {
            errors.Add($"{nameof(Selection)} is not a known value (was {Selection}).");
        }

        if (!double.IsFinite(MinImprovement) || MinImprovement is < 0 or > 10)
        {
            errors.Add($"{nameof(MinImprovement)} must be between 0 and 10 (was {MinImprovement}).");
        }

        if (CallTimeout <= TimeSpan.Zero && CallTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(CallTimeout)} must be positive (was {CallTimeout}).");
        }

        if (CriticTemperature is { } ct && (!float.IsFinite(ct) || ct < 0))
        {
            errors.Add($"{nameof(CriticTemperature)} must be a non-negative number (was {ct}).");
        }

        if (ReviserTemperature is { } rt && (!float.IsFinite(rt) || rt < 0))
        {
            errors.Add($"{nameof(ReviserTemperature)} must be a non-negative number (was {rt}).");
        }

        return errors;
    }

    /// <summary>Returns an independent copy.</summary>
    public CritiqueRevisionOptions Clone() => (CritiqueRevisionOptions)MemberwiseClone();
}
