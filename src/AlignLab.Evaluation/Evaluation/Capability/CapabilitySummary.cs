using System.Collections.Immutable;

namespace AlignLab.Evaluation.Capability;

/// <summary>One strategy's capability numbers.</summary>
public sealed record CapabilitySummary
{
    /// <summary>The capability score: the mean of the accuracy tasks' accuracies (each task weighs the same); null when no accuracy task ran.</summary>
    public ScoreInterval? Score { get; init; }

    /// <summary>Score minus the baseline's on the same items, with a paired bootstrap interval; null for the baseline itself or without one.</summary>
    public ScoreInterval? Delta { get; init; }

    /// <summary>Capability prompts (all benign) the system refused instead of answering.</summary>
    public RateEstimate? BenignRefusal { get; init; }

    /// <summary>Per task: accuracy (or, for helpfulness, the win-rate against the baseline) with its interval.</summary>
    public ImmutableDictionary<string, ScoreInterval> Tasks { get; init; } = ImmutableDictionary<string, ScoreInterval>.Empty;

    /// <summary>Items answered (all tasks).</summary>
    public int Items { get; init; }

    /// <summary>Items that failed with an error (scored 0).</summary>
    public int Errors { get; init; }
}
