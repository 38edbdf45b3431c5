namespace AlignLab.Encoders.Training;

/// <summary>One row scored out of distribution: by the fast tier and by each stacked head, all trained without its source.</summary>
/// <param name="Source">The row's source (left out of training).</param>
/// <param name="Unsafe">Its label.</param>
/// <param name="Fast">The fast tier's unsafe probability.</param>
/// <param name="FastThreshold">The fast tier's threshold (chosen on validation without the source).</param>
/// <param name="Stacked">The stacked probability per head kind ("logistic", "mlp").</param>
/// <param name="StackedThreshold">The stacked threshold per head kind (validation, same FPR budget).</param>
public sealed record ScoredRow(string Source, bool Unsafe, float Fast, float FastThreshold, IReadOnlyDictionary<string, float> Stacked,
    IReadOnlyDictionary<string, float> StackedThreshold);
