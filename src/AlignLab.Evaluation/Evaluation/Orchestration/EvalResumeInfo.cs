namespace AlignLab.Evaluation.Orchestration;

/// <summary>What <see cref="EvaluationSession.Start"/> found in the run directory.</summary>
/// <param name="Resumed">Whether results.jsonl already held results, which the session took over.</param>
/// <param name="Completed">(strategy, case) results already done.</param>
/// <param name="TornBytes">Bytes of a torn last line cut from results.jsonl (a run killed mid-write).</param>
public readonly record struct EvalResumeInfo(bool Resumed, int Completed, long TornBytes);
