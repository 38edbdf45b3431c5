namespace AlignLab.Evaluation.Tuning;

/// <summary>
/// What a tuned policy does on cases, next to the policy it was tuned from: the guard's (rules and classifier) false
/// positives on the benign and contrast cases and its harmful cases stopped, each with a 95% Wilson interval.
/// </summary>
/// <param name="Benign">Benign and contrast cases measured.</param>
/// <param name="Harmful">Harmful cases measured.</param>
public sealed record TuningEffect(int Benign, int Harmful)
{
    /// <summary>Benign and contrast cases stopped by the original policy (null without such cases).</summary>
    public RateEstimate? FalsePositivesBefore { get; init; }

    /// <summary>… by the tuned policy.</summary>
    public RateEstimate? FalsePositivesAfter { get; init; }

    /// <summary>Harmful cases stopped by the original policy (null without harmful cases).</summary>
    public RateEstimate? HarmfulBlockedBefore { get; init; }

    /// <summary>… by the tuned policy.</summary>
    public RateEstimate? HarmfulBlockedAfter { get; init; }
}
