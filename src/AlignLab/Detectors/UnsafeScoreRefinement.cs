namespace AlignLab.Detectors;

/// <summary>An unsafe probability from a refining tier.</summary>
/// <param name="Unsafe">The refined unsafe probability.</param>
/// <param name="Threshold">
/// The tier's own calibrated threshold; it replaces the model's threshold, but a threshold the constitution sets
/// (<c>intervention_thresholds.safety</c>, <c>classifier.threshold</c>, a profile or context) still applies.
/// </param>
public sealed record UnsafeScoreRefinement(float Unsafe, float Threshold);
