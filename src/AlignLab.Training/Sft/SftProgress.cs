namespace AlignLab.Training.Sft;

/// <summary>A report after each optimiser step.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Loss">The step's mean loss per trained token.</param>
/// <param name="LearningRate">The rate the step used.</param>
/// <param name="TokensPerSecond">Tokens (padding excluded) processed per second in the step.</param>
/// <param name="EvalLoss">The held-out loss when it was measured at this step.</param>
public sealed record SftProgress(int Step, int TotalSteps, double Loss, double LearningRate, double TokensPerSecond, double? EvalLoss);
