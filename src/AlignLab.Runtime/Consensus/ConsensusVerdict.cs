namespace AlignLab.Runtime.Consensus;

/// <summary>The outcome of a consensus vote.</summary>
public enum ConsensusVerdict
{
    /// <summary>The weighted unsafe score is below the approval threshold (or the majority requirement is not met).</summary>
    Approve = 0,

    /// <summary>The weighted unsafe score is at or above the approval threshold (and, when required, a weighted majority flagged).</summary>
    Reject = 1,

    /// <summary>A validator flagged one of its veto categories; the vote does not matter.</summary>
    Block = 2,

    /// <summary>The validators disagree more than the disagreement threshold and escalation is enabled.</summary>
    Escalate = 3,
}
