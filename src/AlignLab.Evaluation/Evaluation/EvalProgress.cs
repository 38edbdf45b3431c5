namespace AlignLab.Evaluation;

/// <summary>How far a run has got.</summary>
/// <param name="CasesDone">Cases finished (all strategies) in this run.</param>
/// <param name="CasesSkipped">Cases skipped because an earlier run finished them.</param>
/// <param name="Errors">Results that carried an error.</param>
public readonly record struct EvalProgress(int CasesDone, int CasesSkipped, int Errors);
