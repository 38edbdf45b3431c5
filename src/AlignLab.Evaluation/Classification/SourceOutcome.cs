namespace AlignLab.Classification;

/// <summary>How the classifier did on one source that it never saw (out-of-distribution report).</summary>
/// <param name="Source">The source name.</param>
/// <param name="Role"><c>fold</c>: a training source, scored by a model trained without it; <c>suite</c>: an evaluation-only source, scored by the full model.</param>
/// <param name="Unsafe">Unsafe rows scored.</param>
/// <param name="Benign">Benign rows scored.</param>
/// <param name="Threshold">The scoring model's own unsafe threshold (chosen on its random validation split).</param>
/// <param name="Recall">Share of unsafe rows at or above <paramref name="Threshold"/> (null without unsafe rows).</param>
/// <param name="FalsePositiveRate">Share of benign rows at or above <paramref name="Threshold"/> (null without benign rows).</param>
/// <param name="UnfamiliarThreshold">The threshold for unfamiliar traffic applied to this source: the higher of its model's own and the one chosen on the <em>other</em> sources.</param>
/// <param name="UnfamiliarRecall">Recall at <paramref name="UnfamiliarThreshold"/>.</param>
/// <param name="UnfamiliarFalsePositiveRate">False-positive rate at <paramref name="UnfamiliarThreshold"/>.</param>
/// <param name="RocAuc">ROC-AUC when the source has both labels, else null.</param>
/// <param name="OutsideMacro">Why the source is left out of the macro figures, or null when it counts.</param>
public sealed record SourceOutcome(
    string Source,
    string Role,
    int Unsafe,
    int Benign,
    double Threshold,
    double? Recall,
    double? FalsePositiveRate,
    double UnfamiliarThreshold,
    double? UnfamiliarRecall,
    double? UnfamiliarFalsePositiveRate,
    double? RocAuc,
    string? OutsideMacro);
