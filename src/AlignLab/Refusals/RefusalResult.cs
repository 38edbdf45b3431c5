namespace AlignLab.Refusals;

/// <summary>Whether a response is a refusal.</summary>
/// <param name="IsRefusal">True when a refusal phrase was found.</param>
/// <param name="Phrase">The phrase found, lower-cased.</param>
public readonly record struct RefusalResult(bool IsRefusal, string? Phrase);
