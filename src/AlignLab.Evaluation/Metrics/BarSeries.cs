namespace AlignLab.Metrics;

/// <summary>One series of a grouped bar chart: a value per group (groups without a value show "n/a").</summary>
/// <param name="Name">The series' name, shown in the legend.</param>
/// <param name="Values">Values by group name.</param>
public sealed record BarSeries(string Name, IReadOnlyDictionary<string, BarValue> Values);
