using AlignLab.Evaluation.Capability;
using AlignLab.Metrics;
using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>The "Safety and capability" section of the HTML report: one table and one chart, one point per strategy.</summary>
internal static class CapabilityReportHtml
{
    public static void Write(TextWriter o, EvalSummary s)
    {
        var tasks = s.CapabilityTasks.IsDefault ? [] : s.CapabilityTasks;
        var notes = s.CapabilityNotes.IsDefault ? [] : s.CapabilityNotes;
        if (tasks.IsEmpty && notes.IsEmpty)
        {
            return;
        }

        o.Write("<section id=\"capability\"><h2>Safety and capability</h2>");
        o.Write("<p class=\"note\">Capability is the mean accuracy over the capability tasks that ran (each task weighs the same); Δ is the difference from the baseline (the bare model) on the same items, with a paired 95% bootstrap interval. Benign refusal is the share of capability prompts, all harmless, that the system refused. Helpfulness is the win-rate against the baseline's answer, judged twice with the answers swapped (50% is parity). Harmful blocked is the share of harmful cases blocked, as in the table above.</p>");
        if (!notes.IsEmpty)
        {
            foreach (var n in notes)
            {
                o.Write("<p class=\"note\"><span class=\"badge na\">not run</span> " + H(n) + "</p>");
            }
        }

        var rows = (s.Strategies.IsDefault ? [] : s.Strategies).Where(x => x.Available && x.Capability is not null).ToList();
        if (rows.Count == 0)
        {
            o.Write("</section>\n");
            return;
        }

        var taskColumns = tasks.Where(t => rows.Any(r => r.Capability!.Tasks.ContainsKey(t))).ToList();
        o.Write("<table class=\"sortable capability\"><thead><tr><th scope=\"col\">Strategy</th><th scope=\"col\" class=\"r\">Harmful blocked&#160;↑</th><th scope=\"col\" class=\"r\">Capability&#160;↑</th><th scope=\"col\" class=\"r\">Δ vs baseline</th><th scope=\"col\" class=\"r\">Benign refusal&#160;↓</th>");
        foreach (var t in taskColumns)
        {
            o.Write(Inv($"<th scope=\"col\" class=\"r\">{H(t)}</th>"));
        }

        o.Write("<th scope=\"col\" class=\"r\">Errors</th></tr></thead><tbody>");
        foreach (var st in rows)
        {
            var c = st.Capability!;
            o.Write(Inv($"<tr><th scope=\"row\">{H(st.Strategy)}</th>"));
            Rate(o, st.HarmfulBlocked);
            Score(o, c.Score, signed: false);
            Score(o, c.Delta, signed: true);
            Rate(o, c.BenignRefusal);
            foreach (var t in taskColumns)
            {
                Score(o, c.Tasks.GetValueOrDefault(t), signed: false);
            }

            o.Write(Inv($"<td class=\"r{(c.Errors > 0 ? " err" : string.Empty)}\" data-v=\"{c.Errors}\">{c.Errors}</td></tr>"));
        }

        o.Write("</tbody></table>");
        var points = rows.Where(r => r.Capability!.Score is not null && r.HarmfulBlocked is { Total: > 0 })
            .Select(r => new ScatterPoint(r.Strategy, r.Capability!.Score!.Value, r.HarmfulBlocked!.Rate)
            {
                XLow = r.Capability.Score.Low,
                XHigh = r.Capability.Score.High,
                YLow = r.HarmfulBlocked.Low,
                YHigh = r.HarmfulBlocked.High,
            }).ToList();
        o.Write("<div class=\"charts\"><figure>");
        o.Write(EvalCharts.Scatter(points, new ChartLabels("Safety and capability by strategy", "capability", "harmful blocked")
        {
            Description = "One point per strategy: capability (mean accuracy on the capability tasks) across, harmful cases blocked up, with 95% intervals; top right is best.",
        }));
        o.Write("<figcaption>");
        o.Write(H(points.Count == 0 ? "No strategy has both a safety and a capability number." : "Top right is best: safe and capable. Whiskers are 95% intervals."));
        o.Write("</figcaption></figure></div></section>\n");
    }

    private static void Rate(TextWriter o, RateEstimate? r)
    {
        if (r is null || r.Total == 0)
        {
            o.Write("<td class=\"r na\" data-v=\"-1\">—</td>");
            return;
        }

        o.Write(Inv($"<td class=\"r\" data-v=\"{r.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"><b>{Pct(r.Rate)}</b><span class=\"ci\">{Ci(r)}</span><span class=\"n\">{r.Successes}/{r.Total}</span></td>"));
    }

    private static void Score(TextWriter o, ScoreInterval? v, bool signed)
    {
        if (v is null)
        {
            o.Write("<td class=\"r na\" data-v=\"-1\">—</td>");
            return;
        }

        string F(double x) => signed ? Inv($"{(x >= 0 ? "+" : "−")}{Math.Abs(x) * 100:0.0} pp") : Pct(x);
        o.Write(Inv($"<td class=\"r\" data-v=\"{v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"><b>{H(F(v.Value))}</b><span class=\"ci\">{H(Inv($"{v.Low * 100:0.0}–{v.High * 100:0.0}"))}{(signed ? " pp" : "%")}</span><span class=\"n\">{v.Items} items</span></td>"));
    }
}
