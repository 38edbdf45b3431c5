using AlignLab.Evaluation.Reports;

namespace AlignLab.Server.Dashboard;

/// <summary>One metric of <c>GET /api/reports/compare</c>: both values and their difference, to six decimals (null when unknown).</summary>
internal sealed record ReportDeltaEntry(
    string Strategy,
    string Metric,
    string Label,
    double? A,
    double? B,
    double? Delta,
    bool IsRate,
    bool? HigherIsBetter,
    bool CiSeparated,
    bool Notable,
    string? Note)
{
    public static ReportDeltaEntry From(MetricDelta d) =>
        new(d.Strategy, d.Metric, d.Label, Round(d.A), Round(d.B), Round(d.Delta), d.IsRate, d.HigherIsBetter, d.CiSeparated, d.IsNotable, d.Note);

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;
}
