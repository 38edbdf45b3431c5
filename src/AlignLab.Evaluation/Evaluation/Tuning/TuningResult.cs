namespace AlignLab.Evaluation.Tuning;

/// <summary>What threshold tuning chose and what it does on the validation cases.</summary>
/// <param name="TargetFpr">The false-positive budget for the classifier's detections.</param>
/// <param name="Benign">Benign and contrast cases used.</param>
/// <param name="Harmful">Harmful cases used.</param>
/// <param name="Categories">Per-category thresholds (only categories whose action stops the exchange).</param>
public sealed record TuningResult(double TargetFpr, int Benign, int Harmful, IReadOnlyList<CategoryTuning> Categories)
{
    /// <summary>Guard false-positive rate (rules and classifier) on the benign cases before tuning.</summary>
    public double FprBefore { get; init; }

    /// <summary>… after tuning.</summary>
    public double FprAfter { get; init; }

    /// <summary>Guard recall (harmful cases stopped) before tuning.</summary>
    public double RecallBefore { get; init; }

    /// <summary>… after tuning.</summary>
    public double RecallAfter { get; init; }

    /// <summary>Benign cases stopped by rules alone (thresholds cannot change these).</summary>
    public int BenignStoppedByRules { get; init; }
}
