using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The "Principle adherence" section of the HTML report (only when eval ran <c>--principle-judge</c>): one row per
/// principle with the share of judged answers that follow it, its 95% Wilson interval and the counts.
/// </summary>
internal static class PrincipleAdherenceHtml
{
    public static void Write(TextWriter o, EvalSummary s)
    {
        if (s.PrincipleAdherence is not { } a)
        {
            return;
        }

        o.Write("<section id=\"principle-adherence\"><h2>Principle adherence</h2>");
        o.Write(Inv($"<p class=\"note\">The {H(a.Strategy)} answers ({a.Answers}) as the judge {H(a.Judge ?? "model")} read them, "));
        o.Write("one verdict per principle; ");
        o.Write(Inv($"{a.Errors} judge call(s) failed and count in no principle. Unjudged: the judge gave no verdict for that principle.</p>"));
        o.Write("<table class=\"sortable adherence\"><thead><tr><th scope=\"col\">Principle</th><th scope=\"col\" class=\"r\">Follows&#160;↑</th>");
        o.Write("<th scope=\"col\" class=\"r\">Judged</th><th scope=\"col\" class=\"r\">Unjudged</th></tr></thead><tbody>");
        foreach (var p in a.Principles.IsDefault ? [] : a.Principles)
        {
            var r = p.Follows;
            o.Write("<tr><th scope=\"row\">" + H(p.Principle) + "</th>");
            o.Write(r.Total == 0
                ? "<td class=\"r na\" data-v=\"-1\" title=\"no verdicts\">—</td>"
                : Inv($"<td class=\"r\" data-v=\"{r.Rate:R}\"><b>{Pct(r.Rate)}</b><span class=\"ci\">{Ci(r)}</span>")
                    + Inv($"<span class=\"n\">{r.Successes}/{r.Total}</span></td>"));
            o.Write(Inv($"<td class=\"r\" data-v=\"{r.Total}\">{r.Total}</td><td class=\"r\" data-v=\"{p.Unjudged}\">{p.Unjudged}</td></tr>"));
        }

        o.Write("</tbody></table></section>\n");
    }
}
