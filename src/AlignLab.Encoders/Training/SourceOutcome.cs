namespace AlignLab.Encoders.Training;

/// <summary>One left-out source: how the fast tier and the stacked tiers did on it, trained without it.</summary>
/// <param name="Source">The source.</param>
/// <param name="Unsafe">Its unsafe rows.</param>
/// <param name="Benign">Its benign rows.</param>
/// <param name="Recall">Share of unsafe rows flagged, per system (NaN without unsafe rows).</param>
/// <param name="Fpr">Share of benign rows flagged, per system (NaN without benign rows).</param>
public sealed record SourceOutcome(string Source, int Unsafe, int Benign, IReadOnlyDictionary<string, double> Recall, IReadOnlyDictionary<string, double> Fpr);
