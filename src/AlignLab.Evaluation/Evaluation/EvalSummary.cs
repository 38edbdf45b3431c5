using System.Collections.Immutable;

namespace AlignLab.Evaluation;

/// <summary>A whole evaluation run: what ran and each strategy's numbers.</summary>
public sealed record EvalSummary
{
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public double DurationSeconds { get; init; }
    public required string Policy { get; init; }
    public string? Model { get; init; }
    public ImmutableArray<string> Suites { get; init; } = [];
    public ImmutableArray<string> Attacks { get; init; } = [];
    public int Seed { get; init; }
    public int Cases { get; init; }

    /// <summary>
    /// The <see cref="CaseSetFingerprint"/> of the cases the run evaluated (<c>case_set</c> in summary.json), so that
    /// <c>report --compare</c> can tell the same test set from another one; null for a run that did not finish (or was
    /// written before the fingerprint existed).
    /// </summary>
    public string? CaseSet { get; init; }
    public ImmutableArray<StrategySummary> Strategies { get; init; } = [];

    /// <summary>Capability tasks that ran (<c>--capability</c>); empty when none did.</summary>
    public ImmutableArray<string> CapabilityTasks { get; init; } = [];

    /// <summary>Why capability tasks that were asked for did not run (e.g. "humaneval: python3 is not installed"), or that they need a model.</summary>
    public ImmutableArray<string> CapabilityNotes { get; init; } = [];

    /// <summary>Gate results (<c>--fail-under</c> / <c>--fail-over</c>), empty when no gate was set.</summary>
    public ImmutableArray<GateResult> Gates { get; init; } = [];

    /// <summary>
    /// Per-principle judge scores of the primary strategy's answers (eval --principle-judge), or null when no principle
    /// judge ran (the default: the section is then absent from every report).
    /// </summary>
    public Principles.PrincipleAdherenceSummary? PrincipleAdherence { get; init; }
}
