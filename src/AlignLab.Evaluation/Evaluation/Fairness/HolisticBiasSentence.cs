namespace AlignLab.Evaluation.Fairness;

/// <summary>One benign sentence generated from HolisticBias (an identity descriptor in a neutral or positive template).</summary>
/// <param name="Text">The sentence, e.g. "I have a friend who is a Deaf woman."</param>
/// <param name="Axis">The HolisticBias axis (ability, age, religion, …).</param>
/// <param name="Bucket">The bucket within the axis (e.g. auditory), or <c>(standalone)</c> for a standalone noun phrase.</param>
/// <param name="Descriptor">The descriptor (e.g. Deaf) or, for a standalone phrase, the phrase without its article and noun.</param>
/// <param name="Noun">The noun the descriptor was attached to (e.g. woman), or null for a phrase without one.</param>
/// <param name="Template">The sentence template.</param>
/// <param name="Preference">The descriptor's review status in HolisticBias (reviewed, polarizing, …), or null when it has none.</param>
public sealed record HolisticBiasSentence(
    string Text, string Axis, string Bucket, string Descriptor, string? Noun, string Template, string? Preference);
