namespace AlignLab.Evaluation.Fairness;

/// <summary>What <see cref="HolisticBiasGenerator"/> generates.</summary>
public sealed record HolisticBiasOptions
{
    /// <summary>
    /// Every noun of nouns.json (32 pairs; several hundred thousand sentences) instead of the basic three (woman, man,
    /// person), each descriptor with the nouns of its gender when it has one.
    /// </summary>
    public bool AllNouns { get; init; }

    /// <summary>Also use descriptors that HolisticBias's reviewers marked dispreferred (outdated or offensive terms such as slurs).</summary>
    public bool IncludeDispreferred { get; init; }
}
