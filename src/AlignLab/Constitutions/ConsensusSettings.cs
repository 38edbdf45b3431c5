using System.Collections.Immutable;

namespace AlignLab.Constitutions;

/// <summary>Multi-model consensus on responses (<c>consensus:</c>).</summary>
public sealed record ConsensusSettings
{
    public bool Enabled { get; init; }
    public ImmutableArray<ValidatorSpec> Validators { get; init; } = [];

    /// <summary>Weighted unsafe score at or above which the response is rejected.</summary>
    public double ApprovalThreshold { get; init; } = 0.5;

    /// <summary>Rejection also needs a weighted majority of validators to flag.</summary>
    public bool RequireMajority { get; init; }

    /// <summary>Disagreement between validators above which the case goes to a human (when <see cref="EscalateToHuman"/>).</summary>
    public double DisagreementThreshold { get; init; } = 0.4;

    public bool EscalateToHuman { get; init; } = true;

    /// <summary>What a failed validator counts as: <c>abstain</c>, <c>unsafe</c> or <c>fail</c> (the whole consensus fails).</summary>
    public string OnValidatorFailure { get; init; } = "abstain";

    /// <summary>Stages where consensus runs (input and/or output).</summary>
    public PolicyStage Stages { get; init; } = PolicyStage.Output;
}
