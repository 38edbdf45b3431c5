using System.Text.Json.Serialization;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// One run in <c>GET /api/reports</c>. A run whose summary could not be read has only these three properties; one with a
/// summary is a <see cref="ReportRunSummaryEntry"/>, which adds the summary's headline numbers after them.
/// </summary>
[JsonDerivedType(typeof(ReportRunSummaryEntry))]
internal record ReportRunEntry
{
    [JsonPropertyOrder(-3)]
    public required string Name { get; init; }

    [JsonPropertyOrder(-2)]
    public required bool HasReport { get; init; }

    [JsonPropertyOrder(-1)]
    public required string? Error { get; init; }

    public static ReportRunEntry From(EvalRunEntry run) => run.Summary is { } s
        ? ReportRunSummaryEntry.From(run, s)
        : new ReportRunEntry { Name = run.Name, HasReport = run.HasReport, Error = run.Error };
}
