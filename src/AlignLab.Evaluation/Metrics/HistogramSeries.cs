namespace AlignLab.Metrics;

/// <summary>One series of a histogram: the raw values to bin.</summary>
/// <param name="Name">The series' name, shown in the legend.</param>
/// <param name="Values">The values.</param>
public sealed record HistogramSeries(string Name, IReadOnlyList<double> Values);
