using AlignLab.Classification;

namespace AlignLab.Encoders.Tiers;

/// <summary>The fast tier's scores and, when it was consulted, the contextual tier's stacked unsafe probability.</summary>
/// <param name="Fast">The fast tier's scores (categories always come from here).</param>
/// <param name="Stacked">The stacked unsafe probability, or null when the encoder did not run (fast score outside the band).</param>
/// <param name="Unsafe">The unsafe probability that decides: <paramref name="Stacked"/> when present, else the fast tier's.</param>
/// <param name="Threshold">The threshold <paramref name="Unsafe"/> is compared with.</param>
public sealed record ContextualScores(SafetyScores Fast, float? Stacked, float Unsafe, float Threshold)
{
    /// <summary>Whether the text is judged unsafe.</summary>
    public bool Flagged => Unsafe >= Threshold;

    /// <summary>Whether the encoder ran.</summary>
    public bool Consulted => Stacked is not null;

    /// <summary>Which tier decided ("contextual" or "fast").</summary>
    public string DecidedBy => Consulted ? "contextual" : "fast";
}
