namespace AlignLab.Cai.Files;

/// <summary>
/// One line of <c>cai.jsonl</c>: a prompt, the model's initial answer, every critique→revision round and the final
/// answer. It is the source of truth of a generation run: <c>sft.jsonl</c> and <c>pairs.jsonl</c> are derived from it.
/// </summary>
public sealed record CaiRecord
{
    /// <summary>The prompt's id (unique within the run; resuming skips ids already written).</summary>
    public required string Id { get; init; }

    /// <summary>The user's prompt.</summary>
    public required string Prompt { get; init; }

    /// <summary>The prompt's harm category when its input named one, or null.</summary>
    public string? Category { get; init; }

    /// <summary>The generator's first answer.</summary>
    public required string Initial { get; init; }

    /// <summary>The rounds, in order.</summary>
    public IReadOnlyList<CaiRound> Rounds { get; init; } = [];

    /// <summary>The answer to train on: the initial answer or the best revision.</summary>
    public required string Final { get; init; }

    /// <summary>Whether <see cref="Final"/> differs from <see cref="Initial"/> (ignoring whitespace).</summary>
    public bool Revised { get; init; }

    /// <summary>
    /// Why the rounds stopped: <c>no_violation</c>, <c>revision_unchanged</c>, <c>no_improvement</c> or <c>max_rounds</c>.
    /// </summary>
    public string StopReason { get; init; } = "";

    /// <summary>The principle-sampling seed of this prompt (derived from the run's seed and the id).</summary>
    public int Seed { get; init; }

    /// <summary>The critic's score of the initial answer (round 1), or null.</summary>
    public double? InitialScore { get; init; }

    /// <summary>
    /// The critic's score of the final answer when a round reviewed it, or null (the last revision of a run that hit
    /// the round limit is never scored).
    /// </summary>
    public double? FinalScore { get; init; }

    /// <summary>The models used.</summary>
    public required CaiModels Models { get; init; }

    /// <summary>The tokens used, per model role.</summary>
    public CaiTokenUsage Tokens { get; init; } = new();
}
