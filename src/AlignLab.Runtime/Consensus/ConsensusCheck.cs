using System.Text.Json.Nodes;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Consensus;

/// <summary>Runs a <see cref="ConsensusEngine"/> for the pipeline and maps its verdict to an action.</summary>
public sealed class ConsensusCheck(ConsensusEngine engine) : IConsensusCheck
{
    /// <inheritdoc />
    public async Task<ConsensusOutcome> CheckAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        var result = await engine.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
        var action = result.Verdict switch
        {
            ConsensusVerdict.Block => AlignmentAction.Block,
            ConsensusVerdict.Escalate => AlignmentAction.Escalate,
            ConsensusVerdict.Reject => AlignmentAction.RefusePolitely,
            _ => AlignmentAction.Allow,
        };
        var votes = new JsonArray();
        foreach (var v in result.Votes)
        {
            votes.Add(new JsonObject
            {
                ["validator"] = v.Validator,
                ["role"] = v.Role,
                ["weight"] = v.Weight,
                ["unsafe"] = v.Result?.UnsafeScore,
                ["flagged"] = v.Result?.Flagged,
                ["categories"] = v.Result is null ? null : new JsonArray([.. v.Result.FlaggedCategories.Select(c => (JsonNode?)JsonValue.Create(c))]) as JsonNode,
                ["counted"] = v.Counted,
                ["vetoed"] = new JsonArray([.. v.Vetoed.Select(x => (JsonNode?)JsonValue.Create(x))]),
                ["failure"] = v.Failure,
                ["ms"] = Math.Round(v.Elapsed.TotalMilliseconds, 3),
            });
        }

        var details = new JsonObject
        {
            ["verdict"] = result.Verdict.ToString(),
            ["weighted_score"] = Math.Round(result.WeightedScore, 4),
            ["disagreement"] = Math.Round(result.Disagreement, 4),
            ["flagged_weight_share"] = Math.Round(result.FlaggedWeightShare, 4),
            ["vetoed_by"] = new JsonArray([.. result.VetoedBy.Select(x => (JsonNode?)JsonValue.Create(x))]),
            ["votes"] = votes,
        };
        var summary = $"{result.Verdict}: weighted score {result.WeightedScore:0.00}, disagreement {result.Disagreement:0.00}; {result.Reason}";
        return new ConsensusOutcome(action, summary, details);
    }
}
