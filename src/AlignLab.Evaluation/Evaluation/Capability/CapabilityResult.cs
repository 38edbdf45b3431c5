namespace AlignLab.Evaluation.Capability;

/// <summary>What one strategy did with one capability item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Task">Its task.</param>
/// <param name="Strategy">The strategy (e.g. <c>baseline</c>, <c>full_pipeline</c>).</param>
public sealed record CapabilityResult(string ItemId, string Task, string Strategy)
{
    /// <summary>1 for a correct answer (or a win), 0 for a wrong one, a refusal or an error; 0.5 for a split or tied helpfulness verdict.</summary>
    public double Score { get; init; }

    /// <summary>The system did not answer: a guard stopped the exchange or the model refused.</summary>
    public bool Refused { get; init; }

    /// <summary>A provider, judge or sandbox failure; an errored item scores 0 and is counted.</summary>
    public string? Error { get; init; }

    /// <summary>How the score was reached (e.g. "expected 18, got 17", "tests passed", "judge: A then B").</summary>
    public string? Detail { get; init; }

    /// <summary>The response (truncated).</summary>
    public string? Response { get; init; }

    /// <summary>Time to get the answer and score it.</summary>
    public double LatencyMs { get; init; }
}
