using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Consensus;

/// <summary>Asks several validators and combines their votes into one verdict.</summary>
public interface IConsensusCheck
{
    /// <summary>Votes on <see cref="GuardRequest.Text"/>.</summary>
    Task<ConsensusOutcome> CheckAsync(GuardRequest request, CancellationToken cancellationToken = default);
}
