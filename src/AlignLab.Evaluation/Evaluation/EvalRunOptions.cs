namespace AlignLab.Evaluation;

/// <summary>How an evaluation run executes.</summary>
public sealed class EvalRunOptions
{
    /// <summary>Cases evaluated at once (each case runs every strategy).</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Seed for attack expansion and the capability bootstrap intervals (rates use Wilson intervals, which need none).</summary>
    public int Seed { get; set; }

    /// <summary>(strategy, case id) pairs already done in an earlier run of the same output directory: skipped.</summary>
    public IReadOnlySet<(string Strategy, string CaseId)> Completed { get; set; } = new HashSet<(string, string)>();

    /// <summary>Called once per finished result, in completion order, never concurrently (e.g. append to results.jsonl).</summary>
    public Func<CaseResult, CancellationToken, ValueTask>? OnResult { get; set; }

    /// <summary>Progress after every finished case.</summary>
    public IProgress<EvalProgress>? Progress { get; set; }

    /// <summary>All problems with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency is < 1 or > 1024)
        {
            errors.Add($"concurrency must be 1–1024, not {Concurrency}");
        }

        return errors;
    }
}
