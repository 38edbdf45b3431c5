namespace AlignLab.Cai.Preferences;

/// <summary>What a collection run did.</summary>
public sealed record CandidateCollectionSummary
{
    /// <summary>Prompts sent to the models (and written).</summary>
    public int Prompts { get; init; }

    /// <summary>Answers written.</summary>
    public int Candidates { get; init; }

    /// <summary>Generations that failed.</summary>
    public int Failures { get; init; }

    /// <summary>Prompts left with fewer than two answers (nothing to compare).</summary>
    public int Incomparable { get; init; }

    /// <summary>Input lines that could not be used (skipped).</summary>
    public int Malformed { get; init; }

    /// <summary>Prompts skipped because the output already held them (resume).</summary>
    public int Resumed { get; init; }

    /// <summary>The first malformed lines, as <c>line N: reason</c>.</summary>
    public IReadOnlyList<string> MalformedLines { get; init; } = [];

    /// <summary>The first failures, as <c>id model#sample: reason</c>.</summary>
    public IReadOnlyList<string> FailureSamples { get; init; } = [];
}
