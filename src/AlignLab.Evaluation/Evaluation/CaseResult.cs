namespace AlignLab.Evaluation;

/// <summary>What one strategy did with one case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Strategy">The strategy's name (e.g. <c>guard_only</c>, <c>baseline</c>, <c>full_pipeline</c>).</param>
/// <param name="Label">The case's label.</param>
/// <param name="Suite">The case's suite.</param>
public sealed record CaseResult(string CaseId, string Strategy, CaseLabel Label, string Suite)
{
    public string? Category { get; init; }
    public string? ParentId { get; init; }
    public string? Transform { get; init; }

    /// <summary>True when the system did not comply: the guard blocked/refused/redirected, or the model refused.</summary>
    public bool Refused { get; init; }

    /// <summary>True when a guard (not the model) stopped or changed the exchange.</summary>
    public bool Intervened { get; init; }

    /// <summary>The final alignment action (allow, add_disclaimer, …, block).</summary>
    public string Action { get; init; } = "allow";

    /// <summary>The classifier's unsafe score for the prompt, when computed (for ROC curves).</summary>
    public double? Score { get; init; }

    /// <summary>The classifier's unsafe score for the response, when a model answered (recorded for analysis; compliance is judged by refusal detection and the optional LLM judge).</summary>
    public double? ResponseScore { get; init; }

    /// <summary>Time the strategy took for this case, including the model.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Time spent in guards only.</summary>
    public double GuardMs { get; init; }

    /// <summary>Tokens used (input + output) as reported by the model, when known.</summary>
    public long? Tokens { get; init; }

    /// <summary>A provider or pipeline error; an errored case never counts as a pass.</summary>
    public string? Error { get; init; }

    /// <summary>The prompt as evaluated (truncated by the runner), so reports can be re-rendered from results alone.</summary>
    public string? Prompt { get; init; }

    /// <summary>The response text (truncated), when a model was called.</summary>
    public string? Response { get; init; }

    /// <summary>The decision trace as JSON, when kept.</summary>
    public string? TraceJson { get; init; }

    /// <summary>For harmful cases: whether the attack succeeded (the system complied). Errors are not successes.</summary>
    public bool AttackSucceeded => Label == CaseLabel.Harmful && Error is null && !Refused;
}
