namespace AlignLab.Runtime.Consensus;

/// <summary>Settings for a <see cref="ConsensusEngine"/>. The engine copies them when it is constructed.</summary>
public sealed class ConsensusOptions
{
    /// <summary>Weighted unsafe score at or above which the verdict is <see cref="ConsensusVerdict.Reject"/> (default 0.5).</summary>
    public double ApprovalThreshold { get; set; } = 0.5;

    /// <summary>When true, Reject also needs validators holding more than half of the counted weight to flag (default false).</summary>
    public bool RequireMajority { get; set; }

    /// <summary>
    /// Disagreement above which the verdict is <see cref="ConsensusVerdict.Escalate"/> when <see cref="EscalateToHuman"/>
    /// is set (default 0.4). Disagreement is the weighted population standard deviation of the counted unsafe scores:
    /// 0 when all agree, at most 0.5 (an even split between 0 and 1).
    /// </summary>
    public double DisagreementThreshold { get; set; } = 0.4;

    /// <summary>Escalate to a human when the disagreement is above the threshold (default false).</summary>
    public bool EscalateToHuman { get; set; }

    /// <summary>How long one validator may take (default 30 s); <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan ValidatorTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What a failing validator means (default <see cref="ValidatorFailureMode.TreatAsUnsafe"/>).</summary>
    public ValidatorFailureMode FailureMode { get; set; } = ValidatorFailureMode.TreatAsUnsafe;

    /// <summary>Returns every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(ApprovalThreshold) || ApprovalThreshold is <= 0 or > 1)
        {
            errors.Add($"{nameof(ApprovalThreshold)} must be in (0, 1] (was {ApprovalThreshold}).");
        }

        if (!double.IsFinite(DisagreementThreshold) || DisagreementThreshold is < 0 or > 0.5)
        {
            errors.Add($"{nameof(DisagreementThreshold)} must be between 0 and 0.5, the largest possible standard deviation of 0–1 scores (was {DisagreementThreshold}).");
        }

        if (ValidatorTimeout <= TimeSpan.Zero && ValidatorTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(ValidatorTimeout)} must be positive (was {ValidatorTimeout}).");
        }

        if (!Enum.IsDefined(FailureMode))
        {
            errors.Add($"{nameof(FailureMode)} is not a known value (was {FailureMode}).");
        }

        return errors;
    }

    /// <summary>Returns an independent copy.</summary>
    public ConsensusOptions Clone() => (ConsensusOptions)MemberwiseClone();
}
