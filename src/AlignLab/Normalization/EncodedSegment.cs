namespace AlignLab.Normalization;

/// <summary>An encoded segment found in a text and its decoded content.</summary>
/// <param name="Kind"><see cref="TransformKind.Base64"/> or <see cref="TransformKind.Hex"/>.</param>
/// <param name="Start">Start of the encoded segment in the scanned text.</param>
/// <param name="End">End (exclusive) of the encoded segment in the scanned text.</param>
/// <param name="Decoded">The decoded text (valid UTF-8, mostly printable).</param>
internal readonly record struct EncodedSegment(TransformKind Kind, int Start, int End, string Decoded);
