namespace AlignLab.Metrics;

/// <summary>The text of a chart: its title, the axis labels and an optional lead-in for the text alternative.</summary>
/// <param name="Title">Shown above the chart and used as its accessible name (<c>&lt;title&gt;</c>).</param>
/// <param name="XLabel">The horizontal axis' label.</param>
/// <param name="YLabel">The vertical axis' label.</param>
public sealed record ChartLabels(string Title, string XLabel, string YLabel)
{
    /// <summary>A sentence put before the generated data description in <c>&lt;desc&gt;</c>.</summary>
    public string? Description { get; init; }
}
