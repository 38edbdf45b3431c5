using System.Text.Json.Nodes;
using AlignLab.Constitutions;

namespace AlignLab.Runtime.Critique;

/// <summary>Runs a <see cref="CritiqueRevisionEngine"/> over the constitution's principles for the pipeline.</summary>
public sealed class CritiqueReviser(CritiqueRevisionEngine engine, IReadOnlyList<Principle> principles) : IResponseReviser
{
    /// <inheritdoc />
    public async Task<RevisionOutcome> ReviseAsync(string prompt, string draft, CancellationToken cancellationToken = default)
    {
        var result = await engine.RunAsync(prompt, draft, principles, cancellationToken).ConfigureAwait(false);
        var rounds = new JsonArray();
        foreach (var r in result.Rounds)
        {
            rounds.Add(new JsonObject
            {
                ["round"] = r.Round,
                ["principles"] = new JsonArray([.. r.PrincipleIds.Select(p => (JsonNode?)JsonValue.Create(p))]),
                ["violation"] = r.ViolationFound,
                ["score"] = r.Score,
                ["critique"] = r.Critique,
                ["revision"] = r.Revision,
                ["ms"] = Math.Round(r.Elapsed.TotalMilliseconds, 3),
            });
        }

        var details = new JsonObject
        {
            ["stop_reason"] = result.StopReason.ToString(),
            ["seed"] = result.Seed,
            ["changed"] = result.Changed,
            ["draft"] = draft,
            ["final"] = result.Final,
            ["rounds"] = rounds,
        };
        var summary = $"{result.Rounds.Length} round(s), stopped: {result.StopReason}{(result.Changed ? ", answer revised" : ", answer kept")}";
        return new RevisionOutcome(result.Final, summary, details);
    }
}
