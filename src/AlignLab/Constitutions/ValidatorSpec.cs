using System.Collections.Immutable;
using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>One consensus validator.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Detector"><c>classifier</c>, <c>rules</c>, or the id of a judge in <c>judges:</c>.</param>
/// <param name="Weight">Vote weight (&gt; 0).</param>
/// <param name="Role">What the validator checks (safety, helpfulness, accuracy, …); informational.</param>
/// <param name="VetoCategories">Categories (or <c>*</c>) whose flagging by this validator blocks whatever the vote.</param>
/// <param name="Location">Where it was written.</param>
public sealed record ValidatorSpec(string Id, string Detector, double Weight, string Role, ImmutableArray<string> VetoCategories, SourceLocation Location);
