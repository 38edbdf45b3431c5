namespace AlignLab.Metrics;

/// <summary>One bar of a bar chart: a value with an optional confidence interval.</summary>
/// <param name="Value">The bar's length.</param>
/// <param name="Low">Lower end of the whisker (e.g. the 95% CI), when known.</param>
/// <param name="High">Upper end of the whisker, when known.</param>
public sealed record BarValue(double Value, double? Low = null, double? High = null)
{
    /// <summary>Extra text for the tooltip and the text alternative (e.g. "39/40").</summary>
    public string? Note { get; init; }
}
