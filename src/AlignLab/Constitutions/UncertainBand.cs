using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>
/// <c>classifier.uncertain_band</c>: the scores where the fast classifier is unsure. The band runs from <see cref="Low"/>
/// (inclusive) up to the unsafe threshold in force (exclusive), where the classifier acts on its own. Judges with
/// <c>when: uncertain</c> run only for text whose unsafe score falls in it: under it the text is allowed without a call,
/// and at or over the threshold the classifier has already decided.
/// </summary>
/// <param name="Low">The band's low end, 0 ≤ low &lt; 1 and below every unsafe threshold the constitution sets.</param>
/// <param name="Location">Where <c>low</c> was written.</param>
public sealed record UncertainBand(double Low, SourceLocation Location);
