namespace AlignLab.Evaluation.Analysis;

/// <summary>One benign case that the guard stopped, for illustration.</summary>
/// <param name="CaseId">The case id.</param>
/// <param name="Suite">The suite it came from.</param>
/// <param name="Label">benign or contrast.</param>
/// <param name="Action">The action the guard took (e.g. <c>refuse_politely</c>).</param>
/// <param name="Text">The prompt on one line, truncated to <see cref="FalsePositiveOptions.ExampleLength"/> characters.</param>
public sealed record FalsePositiveExample(string CaseId, string Suite, CaseLabel Label, string Action, string Text);
