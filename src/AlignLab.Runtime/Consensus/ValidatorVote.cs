using System.Collections.Immutable;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Consensus;

/// <summary>One validator's part in a consensus.</summary>
/// <param name="Validator">The validator's name.</param>
/// <param name="Role">The validator's role.</param>
/// <param name="Weight">The validator's weight.</param>
/// <param name="Result">The detector's result; null when it failed.</param>
/// <param name="Elapsed">How long the validator took (until it answered, failed or timed out).</param>
public sealed record ValidatorVote(string Validator, string Role, double Weight, DetectorResult? Result, TimeSpan Elapsed)
{
    /// <summary>Why the validator failed ("TimeoutException: …"); null when it answered.</summary>
    public string? Failure { get; init; }

    /// <summary>The exception, when it failed (not serialised into traces).</summary>
    public Exception? Exception { get; init; }

    /// <summary>Whether the vote counted (false for an abstaining failed validator).</summary>
    public bool Counted { get; init; }

    /// <summary>The unsafe score that counted: the result's, 1 for a failure treated as unsafe, null when not counted.</summary>
    public double? CountedScore { get; init; }

    /// <summary>Whether the vote counted as a flag (for the majority).</summary>
    public bool CountedFlagged { get; init; }

    /// <summary>The veto categories this validator flagged (empty when it did not veto).</summary>
    public ImmutableArray<string> Vetoed { get; init; } = [];
}
