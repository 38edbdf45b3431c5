namespace AlignLab.Evaluation;

/// <summary>One prompt to evaluate.</summary>
/// <param name="Id">Stable id, unique within a run (attack cases: <c>{parent}~{transform}</c>).</param>
/// <param name="Text">The prompt.</param>
/// <param name="Label">What should happen to it.</param>
/// <param name="Suite">The suite it came from (e.g. <c>harmful</c>, <c>benign</c>, <c>contrast</c>, <c>jailbreaks</c>, <c>injections</c>, or a user file name).</param>
public sealed record EvalCase(string Id, string Text, CaseLabel Label, string Suite)
{
    /// <summary>Harm category id when known (e.g. <c>violent_crimes</c>).</summary>
    public string? Category { get; init; }

    /// <summary>For attack cases: the id of the case the transform was applied to.</summary>
    public string? ParentId { get; init; }

    /// <summary>For attack cases: the transform's name (e.g. <c>base64</c>).</summary>
    public string? Transform { get; init; }

    /// <summary>Where the text came from, for attribution (dataset name or "alignlab").</summary>
    public string? Source { get; init; }
}
