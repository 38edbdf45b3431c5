using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>A chat model used as a safety detector (<c>judges:</c>).</summary>
/// <param name="Id">Unique id, used by consensus validators.</param>
/// <param name="Model">Name of an entry in <c>models:</c>.</param>
/// <param name="Template">Prompt/parse template: <c>llama_guard</c>, <c>shieldgemma</c>, <c>json</c> or <c>custom</c>.</param>
/// <param name="Prompt">The prompt of a custom template ({prompt}, {response}, {categories} placeholders).</param>
/// <param name="Stages">Stages where the judge runs as a detector (input, output; streaming is not judged by models); none (<c>stages: []</c>) when it only votes in consensus.</param>
/// <param name="Threshold">Unsafe score at or above which the judge's verdict counts as a detection.</param>
/// <param name="Timeout">Per-call timeout.</param>
/// <param name="Location">Where it was written.</param>
public sealed record JudgeSpec(string Id, string Model, string Template, string? Prompt, PolicyStage Stages, double Threshold, TimeSpan Timeout, SourceLocation Location)
{
    /// <summary>Template names this build understands.</summary>
    public static readonly IReadOnlyList<string> Templates = ["llama_guard", "llama_guard_native", "shieldgemma", "json", "custom"];

    /// <summary>The values <c>when:</c> takes, in the order of <see cref="JudgeWhen"/>.</summary>
    public static readonly IReadOnlyList<string> WhenNames = ["always", "uncertain"];

    /// <summary><c>when:</c>: every text (the default), or only text in the classifier's uncertain band.</summary>
    public JudgeWhen When { get; init; } = JudgeWhen.Always;
}
