namespace AlignLab.Training.Preferences;

/// <summary>A report after each optimiser step of a reward-model or DPO run.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Loss">The step's mean loss per pair.</param>
/// <param name="Accuracy">The share of the step's pairs ranked chosen over rejected.</param>
/// <param name="HeldOutAccuracy">The held-out pairwise accuracy when it was measured at this step.</param>
public sealed record PreferenceProgress(int Step, int TotalSteps, double Loss, double Accuracy, double? HeldOutAccuracy);
