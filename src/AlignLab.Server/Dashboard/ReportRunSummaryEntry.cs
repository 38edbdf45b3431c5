using System.Globalization;
using AlignLab.Evaluation;

namespace AlignLab.Server.Dashboard;

/// <summary>A run with a readable summary in <c>GET /api/reports</c>.</summary>
internal sealed record ReportRunSummaryEntry : ReportRunEntry
{
    public required string RunId { get; init; }

    public required string StartedAt { get; init; }

    public required string Policy { get; init; }

    public required string? Model { get; init; }

    public required int Cases { get; init; }

    public required IReadOnlyList<string> Suites { get; init; }

    public required IReadOnlyList<ReportStrategyEntry> Strategies { get; init; }

    public required int Gates { get; init; }

    public required int GatesFailed { get; init; }

    public static ReportRunSummaryEntry From(EvalRunEntry run, EvalSummary s)
    {
        var gates = s.Gates.IsDefault ? [] : s.Gates;
        return new()
        {
            Name = run.Name,
            HasReport = run.HasReport,
            Error = run.Error,
            RunId = s.RunId,
            StartedAt = s.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            Policy = s.Policy,
            Model = s.Model,
            Cases = s.Cases,
            Suites = s.Suites.IsDefault ? [] : s.Suites,
            Strategies = [.. (s.Strategies.IsDefault ? [] : s.Strategies).Select(ReportStrategyEntry.From)],
            Gates = gates.Length,
            GatesFailed = gates.Count(g => !g.Passed),
        };
    }
}
