namespace AlignLab.Cai.Preferences;

/// <summary>The judge's verdict with the answers shown in one order.</summary>
/// <param name="Order"><c>ab</c> when A was shown first, <c>ba</c> when B was.</param>
/// <param name="Winner">The preferred answer (A/B as read), a tie, or an error.</param>
/// <param name="Confidence">
/// The probability of the verdict (0–1): from token log-probabilities when the provider gave them, else as the judge
/// stated it; null when neither.
/// </param>
/// <param name="Principles">The per-principle verdicts, in the order the judge gave them.</param>
/// <param name="Error">Why there is no verdict, or null.</param>
public sealed record OrderVerdict(
    string Order, PreferenceOutcome Winner, double? Confidence, IReadOnlyList<PrincipleVerdict> Principles, string? Error = null)
{
    /// <summary>Where <see cref="Confidence"/> came from: <c>logprobs</c>, <c>stated</c>, or null when there is none.</summary>
    public string? ConfidenceSource { get; init; }
}
