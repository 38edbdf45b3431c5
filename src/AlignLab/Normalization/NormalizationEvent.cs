namespace AlignLab.Normalization;

/// <summary>
/// One change made while normalising, located in the ORIGINAL input string.
/// </summary>
/// <param name="Kind">Which transform made the change.</param>
/// <param name="OriginalSpan">The characters of the original input that were changed or removed.</param>
/// <param name="Detail">Human-readable description, at most about 80 characters,
/// e.g. <c>U+0430 CYRILLIC SMALL LETTER A -&gt; a</c> or <c>base64 -&gt; "how to hack a bank"</c>.</param>
public sealed record NormalizationEvent(TransformKind Kind, TextSpan OriginalSpan, string Detail);
