namespace AlignLab.Constitutions;

/// <summary>
/// Adds safety guidance to the system prompt when the input is risky but not refused (<c>context_injection:</c>).
/// Contexts and profiles can add their own <c>system_guidance</c> too.
/// </summary>
public sealed record ContextInjectionSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>Classifier unsafe score at or above which guidance is added (medium risk).</summary>
    public double MinScore { get; init; } = 0.3;

    public string Guidance { get; init; } =
        "Safety guidance: the user's request touches a sensitive topic. Answer helpfully with general, educational information; do not give operational detail that would help someone cause harm; suggest qualified help where appropriate.";
}
