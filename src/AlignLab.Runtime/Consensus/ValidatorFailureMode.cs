namespace AlignLab.Runtime.Consensus;

/// <summary>What a consensus does with a validator that throws or times out.</summary>
public enum ValidatorFailureMode
{
    /// <summary>Fail closed: the validator counts as a flagged vote with unsafe score 1 (the default).</summary>
    TreatAsUnsafe = 0,

    /// <summary>The validator abstains: its weight is left out of the vote. If every validator abstains the consensus fails.</summary>
    Abstain = 1,

    /// <summary>The whole consensus fails with a <see cref="ConsensusException"/>.</summary>
    FailConsensus = 2,
}
