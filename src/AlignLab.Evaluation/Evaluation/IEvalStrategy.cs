namespace AlignLab.Evaluation;

/// <summary>
/// One way of handling a prompt that an evaluation measures: the guard alone, the bare model, the model behind
/// output filtering, critique→revision, the full pipeline, consensus. Implementations must be thread-safe (cases
/// run concurrently) and must report provider failures in <see cref="CaseResult.Error"/> rather than throw.
/// </summary>
public interface IEvalStrategy
{
    /// <summary>Stable snake_case name used in reports and in <c>results.jsonl</c>.</summary>
    string Name { get; }

    /// <summary>Runs one case.</summary>
    Task<CaseResult> RunAsync(EvalCase evalCase, CancellationToken cancellationToken);
}
