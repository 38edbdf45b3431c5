using System.Collections.Immutable;

namespace AlignLab.Runtime.Consensus;

/// <summary>The outcome of <see cref="ConsensusEngine.EvaluateAsync"/>.</summary>
/// <param name="Verdict">Approve, Reject, Block or Escalate.</param>
/// <param name="WeightedScore">Weighted mean of the counted unsafe scores, 0–1.</param>
/// <param name="Disagreement">Weighted population standard deviation of the counted unsafe scores, 0–0.5.</param>
/// <param name="Votes">One vote per validator, in the order the validators were given.</param>
/// <param name="Reason">A human-readable explanation of the verdict.</param>
public sealed record ConsensusResult(
    ConsensusVerdict Verdict,
    double WeightedScore,
    double Disagreement,
    ImmutableArray<ValidatorVote> Votes,
    string Reason)
{
    /// <summary>Names of the validators whose veto blocked the exchange.</summary>
    public ImmutableArray<string> VetoedBy { get; init; } = [];

    /// <summary>Share of the counted weight held by validators that flagged, 0–1.</summary>
    public double FlaggedWeightShare { get; init; }
}
