using System.Collections.Immutable;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>How a session ended: the summary written to summary.json and what the caller reports beside it.</summary>
public sealed record EvalSessionResult
{
    /// <summary>The run's summary (also in summary.json and the reports).</summary>
    public required EvalSummary Summary { get; init; }

    /// <summary>The run directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The full path of results.jsonl.</summary>
    public string ResultsPath => Path.Combine(Directory, EvalRunFiles.Results);

    /// <summary>The run was cancelled; finished cases are kept, and a resumed run continues it.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The run stopped because the model under test could not be reached.</summary>
    public bool Unreachable { get; init; }

    /// <summary>Results that carried an error over all strategies (in each rate's total, never an outcome).</summary>
    public int Errors => Summary.Strategies.Sum(s => s.Errors);

    /// <summary>The first error of each strategy that had one.</summary>
    public ImmutableDictionary<string, string> FirstErrors { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The gates that failed.</summary>
    public ImmutableArray<GateResult> FailedGates => [.. Summary.Gates.Where(g => !g.Passed)];

    /// <summary>True when the run finished with no error and every gate held.</summary>
    public bool Passed => !Cancelled && !Unreachable && Errors == 0 && FailedGates.IsEmpty;
}
