namespace AlignLab.Metrics;

/// <summary>One labelled point of a scatter chart, with optional confidence intervals on both axes.</summary>
/// <param name="Label">The point's name (e.g. a strategy), drawn beside it.</param>
/// <param name="X">Horizontal value (a proportion in [0, 1]).</param>
/// <param name="Y">Vertical value (a proportion in [0, 1]).</param>
public sealed record ScatterPoint(string Label, double X, double Y)
{
    public double? XLow { get; init; }
    public double? XHigh { get; init; }
    public double? YLow { get; init; }
    public double? YHigh { get; init; }
}
