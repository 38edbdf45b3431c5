using AlignLab.Evaluation.Fairness;
using AlignLab.Metrics;

namespace AlignLab.Classification;

/// <summary>How a classifier did on one labelled set.</summary>
public sealed record ClassifierEvaluation
{
    /// <summary>Name of the evaluated set.</summary>
    public required string Set { get; init; }

    /// <summary>The overall unsafe output at the model's threshold.</summary>
    public required BinaryMetrics Unsafe { get; init; }

    /// <summary>Per category (only categories with at least one positive in the set), at each category's threshold.</summary>
    public required IReadOnlyDictionary<string, BinaryMetrics> Categories { get; init; }

    /// <summary>Rows: true class ("benign" or a category id; "unsafe_uncategorised" when unknown); columns: predicted class.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion { get; init; }

    /// <summary>False positives at the unsafe threshold (benign texts scored at or above it), highest score first.</summary>
    public required IReadOnlyList<ScoredText> TopFalsePositives { get; init; }

    /// <summary>False negatives at the unsafe threshold (unsafe texts scored below it), lowest score first.</summary>
    public required IReadOnlyList<ScoredText> TopFalseNegatives { get; init; }

    /// <summary>Recall and false-positive rate per group at the unsafe threshold, when the texts were grouped; otherwise null.</summary>
    public GroupFairnessReport? Groups { get; init; }
}

/// <summary>A text with its unsafe score.</summary>
public sealed record ScoredText(string Id, string Source, string Text, double Score, string? TrueCategory, string PredictedCategory);

/// <summary>Recall of the unsafe output before and after an obfuscation transform.</summary>
public sealed record RobustnessResult(string Transform, int Cases, double CleanRecall, double TransformedRecall)
{
    /// <summary>Percentage points of recall lost.</summary>
    public double RecallDropPoints => (CleanRecall - TransformedRecall) * 100;
}
