namespace AlignLab.Cai.Preferences;

/// <summary>How <see cref="CandidateCollector"/> runs.</summary>
public sealed record CandidateCollectionOptions
{
    /// <summary>Answers per model per prompt (default 1).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Prompts in flight at once (default 2); a prompt's calls (models × samples) run together.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Sampling temperature, or null for the model's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>The most tokens one answer may have, or null for the model's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>How long one call may take (default two minutes); a slower call is a failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock the timeout is measured on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Prompt ids already collected by an earlier run: skipped.</summary>
    public IReadOnlySet<string>? Done { get; init; }

    /// <summary>How many malformed lines and failures the summary lists (all are counted).</summary>
    public int MaxListed { get; init; } = 20;
}
