namespace AlignLab.Evaluation.Reports;

/// <summary>Optional inputs of <see cref="HtmlReportWriter"/>.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>
    /// Scores and latencies of the whole run for the ROC curve and the latency histogram. When null they are computed
    /// from the sample, and the charts say so (a sample of notable cases is not representative).
    /// </summary>
    public EvalDistributions? Distributions { get; init; }

    /// <summary>Prompt text by case id, for the notable-cases table (<see cref="CaseResult"/> does not carry the prompt).</summary>
    public IReadOnlyDictionary<string, string>? Prompts { get; init; }

    /// <summary>
    /// How the notable cases were chosen and how many there are in all (e.g. <see cref="NotableSample.Describe(int)"/>),
    /// shown above the table; when null the table says only how many cases it lists.
    /// </summary>
    public string? NotableNote { get; init; }

    /// <summary>A comparison with an earlier run, rendered as a section at the end.</summary>
    public ComparisonReport? Comparison { get; init; }

    /// <summary>Prompts and responses longer than this (UTF-16 units) are cut in the table; the full text (up to 4,000) is behind a disclosure.</summary>
    public int TruncateAt { get; init; } = 160;
}
