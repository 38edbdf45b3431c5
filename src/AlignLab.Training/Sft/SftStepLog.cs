namespace AlignLab.Training.Sft;

/// <summary>One row of <c>train_log.csv</c>.</summary>
/// <param name="Step">The optimiser step (1-based).</param>
/// <param name="Epoch">The epoch the step's last micro-batch came from (0-based).</param>
/// <param name="Loss">Mean loss per trained token.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="GradNorm">The gradient norm before clipping.</param>
/// <param name="Tokens">Tokens processed in the step (padding excluded).</param>
/// <param name="TokensPerSecond">Tokens per second in the step.</param>
/// <param name="EvalLoss">Held-out loss measured after the step, if it was.</param>
public sealed record SftStepLog(
    int Step, int Epoch, double Loss, double LearningRate, double GradNorm, long Tokens, double TokensPerSecond, double? EvalLoss);
