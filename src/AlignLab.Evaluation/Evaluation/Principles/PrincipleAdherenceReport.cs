using System.Globalization;
using System.Text.Json;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Principles;

/// <summary>
/// The principle-adherence section of <c>summary.json</c> (<c>principle_adherence</c>, present only when eval ran a
/// principle judge) and of the Markdown report.
/// </summary>
public static class PrincipleAdherenceReport
{
    internal const string Property = "principle_adherence";

    /// <summary>Reads the section of a summary object, or null when it has none.</summary>
    public static PrincipleAdherenceSummary? ReadJson(JsonElement summary)
    {
        if (!summary.TryGetProperty(Property, out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new PrincipleAdherenceSummary
        {
            Strategy = e.GetProperty("strategy").GetString()!,
            Judge = e.TryGetProperty("judge", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null,
            Answers = e.TryGetProperty("answers", out var a) ? a.GetInt32() : 0,
            Errors = e.TryGetProperty("errors", out var x) ? x.GetInt32() : 0,
            Principles = e.TryGetProperty("principles", out var ps) && ps.ValueKind == JsonValueKind.Array
                ? [.. ps.EnumerateArray().Select(p => new PrincipleAdherence(
                    p.GetProperty("principle").GetString()!,
                    ReadRate(p.GetProperty("follows")),
                    p.TryGetProperty("unjudged", out var u) ? u.GetInt32() : 0))]
                : [],
        };
    }

    /// <summary>Writes the Markdown section when <paramref name="summary"/> has one.</summary>
    public static void WriteMarkdown(TextWriter output, EvalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.PrincipleAdherence is not { } s)
        {
            return;
        }

        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\n### Principle adherence\n\nThe {ReportFormat.Md(s.Strategy)} answers ({s.Answers}) "
            + $"as the judge {ReportFormat.Md(s.Judge ?? "model")} read them; "
            + $"{s.Errors} judge call(s) failed and count in no principle.\n\n"));
        output.Write("| Principle | Follows ↑ | 95% CI | Judged | Unjudged |\n|---|---:|---:|---:|---:|\n");
        foreach (var p in s.Principles)
        {
            var r = p.Follows;
            output.Write(r.Total == 0
                ? FormattableString.Invariant($"| {ReportFormat.Md(p.Principle)} | — | — | 0 | {p.Unjudged} |\n")
                : FormattableString.Invariant($"| {ReportFormat.Md(p.Principle)} | {r.Rate * 100:0.0}% | {r.Low * 100:0.0}–{r.High * 100:0.0}% ")
                    + FormattableString.Invariant($"| {r.Total} | {p.Unjudged} |\n"));
        }
    }

    private static RateEstimate ReadRate(JsonElement e) => new(
        e.GetProperty("successes").GetInt32(),
        e.GetProperty("total").GetInt32(),
        e.GetProperty("low").GetDouble(),
        e.GetProperty("high").GetDouble());
}
