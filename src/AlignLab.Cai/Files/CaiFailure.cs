namespace AlignLab.Cai.Files;

/// <summary>
/// One line of <c>failures.jsonl</c>: a prompt the run could not turn into a record. Failures are never written as data;
/// a later run over the same directory tries them again.
/// </summary>
public sealed record CaiFailure
{
    /// <summary>The prompt's id.</summary>
    public required string Id { get; init; }

    /// <summary>Which model failed: <c>generator</c>, <c>critic</c> or <c>reviser</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>The round in which the critic or reviser failed; null for the generator.</summary>
    public int? Round { get; init; }

    /// <summary>What went wrong (the exception's message; never the prompt text).</summary>
    public required string Error { get; init; }
}
