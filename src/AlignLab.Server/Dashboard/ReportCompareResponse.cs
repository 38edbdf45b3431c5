using System.Text.Json.Serialization;

namespace AlignLab.Server.Dashboard;

/// <summary>The body of <c>GET /api/reports/compare</c>: the two runs, the deltas and the comparison as Markdown.</summary>
internal sealed record ReportCompareResponse(
    string A,
    string B,
    [property: JsonPropertyName("a_run_id")] string ARunId,
    [property: JsonPropertyName("b_run_id")] string BRunId,
    string? Warning,
    IReadOnlyList<ReportDeltaEntry> Deltas,
    string Markdown);
