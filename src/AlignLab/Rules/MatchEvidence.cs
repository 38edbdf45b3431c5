using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>One place where a rule's pattern matched, located in the original text.</summary>
/// <param name="Role">"trigger" or "context".</param>
/// <param name="View">The text view it matched in: "normalized", or the decoding that revealed it ("base64", "hex", "rot13").</param>
/// <param name="MatchedText">The matched text as the engine saw it (normalised).</param>
/// <param name="OriginalSpan">Where it is in the original input.</param>
/// <param name="OriginalText">The original characters of that span.</param>
/// <param name="RevealedBy">The normalisation steps that changed characters inside the span (empty when it matched as written).</param>
public sealed record MatchEvidence(string Role, string View, string MatchedText, TextSpan OriginalSpan, string OriginalText, IReadOnlyList<NormalizationEvent> RevealedBy);
