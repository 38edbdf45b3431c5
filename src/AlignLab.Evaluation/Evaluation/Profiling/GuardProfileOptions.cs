using AlignLab.Rules;

namespace AlignLab.Evaluation.Profiling;

/// <summary>Settings for <see cref="GuardProfiler"/>.</summary>
public sealed record GuardProfileOptions
{
    /// <summary>Timed passes over the cases, after one untimed warm-up pass; each timed evaluation is one sample.</summary>
    public int Repeat { get; init; } = 3;

    /// <summary>Whether to run the untimed warm-up pass first (JIT, caches, lazy model load).</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Context, profile and evidence collection for the guard.</summary>
    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Default;
}
