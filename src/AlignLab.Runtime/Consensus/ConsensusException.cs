using System.Collections.Immutable;

namespace AlignLab.Runtime.Consensus;

/// <summary>
/// The consensus could not reach a verdict: a validator failed under <see cref="ValidatorFailureMode.FailConsensus"/>,
/// or every validator abstained. The votes gathered so far are attached.
/// </summary>
public sealed class ConsensusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConsensusException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConsensusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ConsensusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Every validator's vote, failed ones included.</summary>
    public ImmutableArray<ValidatorVote> Votes { get; init; } = [];
}
