namespace AlignLab.Evaluation.Capability;

/// <summary>A mean score (or a difference of means) with its 95% bootstrap interval.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end of the 95% interval.</param>
/// <param name="Items">Items it is computed over.</param>
public sealed record ScoreInterval(double Value, double Low, double High, int Items);
