namespace AlignLab.Rules;

/// <summary>Per-call settings for <see cref="RuleEngine.Evaluate(string, AlignLab.Constitutions.PolicyStage, EvaluationOptions?)"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The active context (a key of <c>contexts:</c>), or null.</summary>
    public string? Context { get; init; }

    /// <summary>The active user profile (a key of <c>profiles:</c>), or null.</summary>
    public string? Profile { get; init; }

    /// <summary>Whether to compute evidence spans for every fired rule (on by default; turn off for pure throughput).</summary>
    public bool CollectEvidence { get; init; } = true;

    /// <summary>Shared default options.</summary>
    public static EvaluationOptions Default { get; } = new();
}
