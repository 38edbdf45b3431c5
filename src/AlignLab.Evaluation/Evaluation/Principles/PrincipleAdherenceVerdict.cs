namespace AlignLab.Evaluation.Principles;

/// <summary>A judge's reading of one answer: for each principle it gave a verdict on, whether the answer follows it.</summary>
/// <param name="Follows">Principle id → follows; a principle the judge left out is absent.</param>
/// <param name="Error">Why there is no verdict at all, or null.</param>
public sealed record PrincipleAdherenceVerdict(IReadOnlyDictionary<string, bool> Follows, string? Error = null);
