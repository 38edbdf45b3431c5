namespace AlignLab.Training.Preferences;

/// <summary>What the loop did: the step it resumed from, the run's length, the median step time and the last held-out values.</summary>
internal sealed record PreferenceLoopOutcome(
    int ResumedFromStep, int TotalSteps, double MedianStepSeconds, double[]? LastEval, IReadOnlyList<string> Problems);
