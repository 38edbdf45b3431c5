namespace AlignLab.Cai.Files;

/// <summary>
/// <c>summary.json</c>: the numbers of a generation run. Record-level numbers (revision rate, rounds, scores, tokens) cover
/// every record in <c>cai.jsonl</c>, those of earlier interrupted runs included; <see cref="Generated"/>,
/// <see cref="Failed"/> and <see cref="ElapsedSeconds"/> are this run's.
/// </summary>
public sealed record CaiSummary
{
    /// <summary>Records in <c>cai.jsonl</c> after the run.</summary>
    public long Records { get; init; }

    /// <summary>Records found in <c>cai.jsonl</c> when the run started (their prompts were skipped).</summary>
    public long Resumed { get; init; }

    /// <summary>Records this run added.</summary>
    public long Generated { get; init; }

    /// <summary>Prompts this run could not complete (listed in <c>failures.jsonl</c>; a rerun tries them again).</summary>
    public long Failed { get; init; }

    /// <summary>Input rows skipped as malformed (set by the caller that read the input; 0 when unknown).</summary>
    public long MalformedInput { get; init; }

    /// <summary>Bytes of a torn last line cut off <c>cai.jsonl</c> before resuming (a run killed mid-write).</summary>
    public long TornBytes { get; init; }

    /// <summary>Lines of <c>cai.jsonl</c> that could not be read as records (left in place, not counted as records).</summary>
    public long UnreadableLines { get; init; }

    /// <summary>Records whose final answer differs from the initial one.</summary>
    public long Revised { get; init; }

    /// <summary><see cref="Revised"/> / <see cref="Records"/> (0 when there are none).</summary>
    public double RevisionRate { get; init; }

    /// <summary>Mean number of critique rounds per record.</summary>
    public double MeanRounds { get; init; }

    /// <summary>How many records used 1, 2, … rounds (keys are the round counts).</summary>
    public IReadOnlyDictionary<string, long> RoundsUsed { get; init; } = new Dictionary<string, long>();

    /// <summary>How many records stopped for each reason.</summary>
    public IReadOnlyDictionary<string, long> StopReasons { get; init; } = new Dictionary<string, long>();

    /// <summary>Mean critic score of the initial answers (over records whose first critique gave a score), or null.</summary>
    public double? MeanScoreBefore { get; init; }

    /// <summary>Mean critic score of the final answers (over records whose final answer was scored), or null.</summary>
    public double? MeanScoreAfter { get; init; }

    /// <summary>Records whose final answer was scored (the last revision of a run that hit the round limit is not).</summary>
    public long ScoredAfter { get; init; }

    /// <summary>Lines written to <c>sft.jsonl</c>.</summary>
    public long SftRecords { get; init; }

    /// <summary>Lines written to <c>pairs.jsonl</c>.</summary>
    public long Pairs { get; init; }

    /// <summary>Tokens of every record, per model role.</summary>
    public CaiTokenUsage Tokens { get; init; } = new();

    /// <summary>Estimated cost in US dollars from the prices given, or null when no price was given.</summary>
    public double? EstimatedCostUsd { get; init; }

    /// <summary>How the cost was estimated, or why there is none.</summary>
    public string CostNote { get; init; } = "";

    /// <summary>This run's wall-clock time.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Records this run added per second.</summary>
    public double PromptsPerSecond { get; init; }

    /// <summary>Whether the run was cancelled before every prompt was done (rerun to finish it).</summary>
    public bool Cancelled { get; init; }
}
