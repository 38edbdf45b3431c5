using System.Globalization;
using AlignLab.Evaluation.Reports;
using AlignLab.Metrics;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// The HTML form of an <see cref="AuditReport"/>: the eval reports' page frame (inline CSS, script allowed by hash only)
/// with the evaluation chart code drawing one row per day: volume, rates, latency percentiles and drift.
/// </summary>
internal static class AuditReportHtml
{
    public static string Render(AuditReport r)
    {
        using var o = new StringWriter(CultureInfo.InvariantCulture);
        var ci = CultureInfo.InvariantCulture;
        var title = $"Audit report {r.From.ToString("yyyy-MM-dd", ci)} – {r.To.ToString("yyyy-MM-dd", ci)}";
        HtmlPage.Begin(o, title);
        o.Write($"<h1>{ReportFormat.H(title)}</h1>\n");
        o.Write($"<p class=\"sub\">{ReportFormat.H(r.Source)}: {r.Totals.Requests.ToString(ci)} records. Drift is measured against "
            + $"{r.ReferenceFrom.ToString("yyyy-MM-dd", ci)} – {r.ReferenceTo.ToString("yyyy-MM-dd", ci)} ({r.ReferenceScored.ToString(ci)} scored records).</p>\n");
        if (r.IsEmpty)
        {
            o.Write("<p class=\"warn\" id=\"empty\">No audit records in this window.</p>\n");
        }

        if (r.UnreadableTraces > 0)
        {
            o.Write($"<p class=\"warn\">{r.UnreadableTraces.ToString(ci)} records had a trace that is not valid JSON; "
                + "they count in every figure but rules, categories and scores.</p>\n");
        }

        var days = r.Days.Select(d => d.Day.ToString("yyyy-MM-dd", ci)).ToList();
        o.Write("<section id=\"charts\">\n");
        if (r.Shows(AuditMetrics.Volume))
        {
            Chart(o, EvalCharts.GroupedBars(days, [Series("requests", r.Days, d => d.Requests)],
                new ChartLabels("Requests per day", "requests", "day"), percent: false));
        }

        if (r.Shows(AuditMetrics.Rates))
        {
            Chart(o, EvalCharts.GroupedBars(days, [Series("blocked", r.Days, d => d.BlockRate), Series("intervened", r.Days, d => d.InterventionRate)],
                new ChartLabels("Block and intervention rate per day", "share of requests", "day")));
        }

        if (r.Shows(AuditMetrics.Errors))
        {
            Chart(o, EvalCharts.GroupedBars(days, [Series("errors", r.Days, d => d.ErrorRate)],
                new ChartLabels("Error rate per day", "share of requests", "day")));
        }

        if (r.Shows(AuditMetrics.Latency))
        {
            Chart(o, EvalCharts.GroupedBars(
                days,
                [Series("p50", r.Days, d => d.LatencyP50Ms ?? 0), Series("p95", r.Days, d => d.LatencyP95Ms ?? 0), Series("p99", r.Days, d => d.LatencyP99Ms ?? 0)],
                new ChartLabels("Latency percentiles per day", "milliseconds", "day"), percent: false));
        }

        if (r.Shows(AuditMetrics.Drift))
        {
            Chart(o, EvalCharts.GroupedBars(days, [Series("PSI", r.Days, d => d.Psi ?? 0)],
                new ChartLabels("Score drift per day (population stability index)", "PSI (0.1 moderate, 0.25 significant)", "day"), percent: false));
        }

        o.Write("</section>\n");
        DayTable(o, r);
        if (r.Shows(AuditMetrics.Rules))
        {
            Counts(o, "Rules", r.Rules);
            Counts(o, "Categories", r.Categories);
            Counts(o, "Actions", r.Actions);
            Counts(o, "Endpoints", r.Endpoints);
        }

        if (r.Shows(AuditMetrics.Review) && r.Review is { } review)
        {
            o.Write("<h2>Review queue</h2>\n<table><tbody>");
            o.Write($"<tr><th>pending</th><td class=\"r\">{review.Pending.ToString(ci)}</td></tr>");
            o.Write($"<tr><th>approved (guard overturned)</th><td class=\"r\">{review.Approved.ToString(ci)}</td></tr>");
            o.Write($"<tr><th>rejected (guard upheld)</th><td class=\"r\">{review.Rejected.ToString(ci)}</td></tr>");
            o.Write($"<tr><th>overturn rate</th><td class=\"r\">{(review.OverturnRate is { } v ? AuditReportWriter.Percent(v) : "–")}</td></tr>");
            o.Write("</tbody></table>\n");
        }

        HtmlPage.End(o);
        return o.ToString();
    }

    private static BarSeries Series(string name, IReadOnlyList<AuditDayStats> days, Func<AuditDayStats, double> value) =>
        new(name, days.ToDictionary(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => new BarValue(value(d)), StringComparer.Ordinal));

    private static void Chart(StringWriter o, string svg)
    {
        o.Write("<figure class=\"chart\">");
        o.Write(svg);
        o.Write("</figure>\n");
    }

    private static void DayTable(StringWriter o, AuditReport r)
    {
        o.Write("<h2>Per day</h2>\n<table class=\"sortable\"><thead><tr><th>day</th><th class=\"r\">requests</th><th class=\"r\">block rate</th>"
            + "<th class=\"r\">intervention rate</th><th class=\"r\">error rate</th><th class=\"r\">p50 ms</th><th class=\"r\">p95 ms</th>"
            + "<th class=\"r\">p99 ms</th><th class=\"r\">mean score</th><th class=\"r\">PSI</th></tr></thead><tbody>");
        foreach (var d in r.Days)
        {
            o.Write($"<tr><th>{d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</th><td class=\"r\">{d.Requests.ToString(CultureInfo.InvariantCulture)}</td>"
                + $"<td class=\"r\">{AuditReportWriter.Percent(d.BlockRate)}</td><td class=\"r\">{AuditReportWriter.Percent(d.InterventionRate)}</td>"
                + $"<td class=\"r\">{AuditReportWriter.Percent(d.ErrorRate)}</td><td class=\"r\">{AuditReportWriter.Number(d.LatencyP50Ms)}</td>"
                + $"<td class=\"r\">{AuditReportWriter.Number(d.LatencyP95Ms)}</td><td class=\"r\">{AuditReportWriter.Number(d.LatencyP99Ms)}</td>"
                + $"<td class=\"r\">{AuditReportWriter.Number(d.MeanScore)}</td><td class=\"r\">{AuditReportWriter.Number(d.Psi)}</td></tr>");
        }

        o.Write("</tbody></table>\n");
    }

    private static void Counts(StringWriter o, string title, IReadOnlyList<NamedCount> counts)
    {
        o.Write($"<h2>{ReportFormat.H(title)}</h2>\n");
        if (counts.Count == 0)
        {
            o.Write("<p class=\"na\">None.</p>\n");
            return;
        }

        o.Write("<table class=\"sortable\"><thead><tr><th>name</th><th class=\"r\">records</th></tr></thead><tbody>");
        foreach (var c in counts.Take(100))
        {
            o.Write($"<tr><th>{ReportFormat.H(c.Name)}</th><td class=\"r\">{c.Count.ToString(CultureInfo.InvariantCulture)}</td></tr>");
        }

        o.Write("</tbody></table>\n");
    }
}
