using AlignLab.Cai.Files;

namespace AlignLab.Cai.Generation;

/// <summary>What <see cref="CaiGenerator.GenerateAsync"/> produced for one prompt: a record, or a failure (never both).</summary>
/// <param name="Record">The record, or null when the prompt failed.</param>
/// <param name="Failure">Why the prompt failed, or null.</param>
public sealed record CaiOutcome(CaiRecord? Record, CaiFailure? Failure);
