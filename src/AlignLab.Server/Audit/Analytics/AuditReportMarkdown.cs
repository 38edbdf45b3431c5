using System.Globalization;
using System.Text;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>The Markdown form of an <see cref="AuditReport"/>.</summary>
internal static class AuditReportMarkdown
{
    public static string Render(AuditReport r)
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"# Audit report {r.From:yyyy-MM-dd} – {r.To:yyyy-MM-dd}");
        sb.AppendLine();
        sb.AppendLine(ci, $"Source: {r.Source}. {r.Totals.Requests} records; drift against {r.ReferenceFrom:yyyy-MM-dd} – {r.ReferenceTo:yyyy-MM-dd} ({r.ReferenceScored} scored records).");
        if (r.IsEmpty)
        {
            sb.AppendLine();
            sb.AppendLine("No audit records in this window.");
        }

        if (r.UnreadableTraces > 0)
        {
            sb.AppendLine();
            sb.AppendLine(ci, $"Warning: {r.UnreadableTraces} records had a trace that is not valid JSON; they count in every figure but rules, categories and scores.");
        }

        sb.AppendLine();
        sb.AppendLine("| day | requests | block rate | intervention rate | error rate | p50 ms | p95 ms | p99 ms | scored | mean score | PSI |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var d in r.Days.Append(r.Totals))
        {
            var label = ReferenceEquals(d, r.Totals) ? "**all**" : d.Day.ToString("yyyy-MM-dd", ci);
            sb.Append(ci, $"| {label} | {d.Requests} | {AuditReportWriter.Percent(d.BlockRate)} | {AuditReportWriter.Percent(d.InterventionRate)} | ");
            sb.Append(ci, $"{AuditReportWriter.Percent(d.ErrorRate)} | {AuditReportWriter.Number(d.LatencyP50Ms)} | {AuditReportWriter.Number(d.LatencyP95Ms)} | ");
            sb.AppendLine(ci, $"{AuditReportWriter.Number(d.LatencyP99Ms)} | {d.Scored} | {AuditReportWriter.Number(d.MeanScore)} | {AuditReportWriter.Number(d.Psi)} |");
        }

        if (r.Shows(AuditMetrics.Rules))
        {
            Counts(sb, "Rules", r.Rules);
            Counts(sb, "Categories", r.Categories);
            Counts(sb, "Actions", r.Actions);
            Counts(sb, "Endpoints", r.Endpoints);
        }

        if (r.Shows(AuditMetrics.Review) && r.Review is { } review)
        {
            sb.AppendLine();
            sb.AppendLine("## Review queue");
            sb.AppendLine();
            var overturned = review.OverturnRate is { } o ? AuditReportWriter.Percent(o) : "–";
            sb.Append(ci, $"Created in the window: {review.Total} (pending {review.Pending}, approved {review.Approved}, rejected {review.Rejected}); ");
            sb.AppendLine(ci, $"overturned by reviewers: {overturned}.{(review.Truncated ? " Only the oldest items the queue lists were read." : string.Empty)}");
        }

        return sb.ToString();
    }

    private static void Counts(StringBuilder sb, string title, IReadOnlyList<NamedCount> counts)
    {
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        sb.AppendLine();
        if (counts.Count == 0)
        {
            sb.AppendLine("None.");
            return;
        }

        sb.AppendLine("| name | records |");
        sb.AppendLine("|---|--:|");
        foreach (var c in counts.Take(50))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {c.Count} |");
        }
    }
}
