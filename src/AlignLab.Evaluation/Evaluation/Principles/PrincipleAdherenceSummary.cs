using System.Collections.Immutable;

namespace AlignLab.Evaluation.Principles;

/// <summary>The principle-adherence section of an eval run: one score per principle for one strategy's answers.</summary>
public sealed record PrincipleAdherenceSummary
{
    /// <summary>The strategy whose answers were judged (the run's primary strategy).</summary>
    public required string Strategy { get; init; }

    /// <summary>The judge model, as provider:model.</summary>
    public string? Judge { get; init; }

    /// <summary>Answers sent to the judge (results with a non-empty answer and no error).</summary>
    public int Answers { get; init; }

    /// <summary>Judge calls that failed or gave nothing readable (counted, never as a verdict).</summary>
    public int Errors { get; init; }

    /// <summary>One score per principle, in the constitution's order.</summary>
    public ImmutableArray<PrincipleAdherence> Principles { get; init; } = [];
}
