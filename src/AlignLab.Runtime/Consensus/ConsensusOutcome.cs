using System.Text.Json.Nodes;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Consensus;

/// <summary>What a consensus vote means for the exchange.</summary>
/// <param name="Action">Allow, RefusePolitely (rejected), Block (vetoed) or Escalate (validators disagree).</param>
/// <param name="Summary">One line for the trace.</param>
/// <param name="Details">Votes and scores, for the trace.</param>
public sealed record ConsensusOutcome(AlignmentAction Action, string Summary, JsonNode? Details);
