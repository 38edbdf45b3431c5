using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Fairness;

/// <summary>Writes a <see cref="GroupFairnessReport"/> into the classifier report's JSON and HTML.</summary>
public static class GroupFairnessWriter
{
    /// <summary>Writes the report as the property <paramref name="name"/> of the object being written.</summary>
    public static void WriteJson(Utf8JsonWriter writer, string name, GroupFairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, GroupFairnessDocument.From(report), EvaluationJson.Info<GroupFairnessDocument>(EvaluationJson.Compact));
    }

    /// <summary>An HTML section: the worst-to-best summary and a table of every group with its intervals.</summary>
    public static string ToHtml(GroupFairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(Inv($"<h2>Per group ({H(report.Column)})</h2><p>{H(Summary(report.FalsePositiveRate))}<br>{H(Summary(report.Recall))}</p>"));
        sb.Append(Inv($"<p>Rates with their 95% Wilson interval. A rate over fewer than {report.MinGroupSize} texts is marked "));
        sb.Append("<em>too small</em> and left out of the worst-to-best comparison.</p>");
        sb.Append("<table><tr><th>group</th><th>texts</th><th>unsafe</th><th>recall</th><th>95% interval</th><th>benign</th><th>FPR</th>");
        sb.Append("<th>95% interval</th></tr>");
        foreach (var g in report.Groups)
        {
            sb.Append(Inv($"<tr><td>{H(g.Group)}</td><td>{g.Count}</td><td>{g.Positives}</td>{Cells(g.Recall, g.RecallEstimable)}"));
            sb.Append(Inv($"<td>{g.Negatives}</td>{Cells(g.FalsePositiveRate, g.FprEstimable)}</tr>"));
        }

        sb.Append("</table>");
        return sb.ToString();
    }

    /// <summary>One line: the worst and best group, their rates, the ratio and the difference (or why there is none).</summary>
    public static string Summary(GroupDisparity d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var label = d.Metric == "fpr" ? "FPR" : "recall";
        if (d.Worst is null || d.Best is null)
        {
            return $"{label}: no group has enough texts to compare";
        }

        if (d.GroupsCompared < 2)
        {
            return Inv($"{label}: only {d.Best.Group} has enough texts ({Pct(Rate(d, d.Best))}); nothing to compare");
        }

        var ratio = d.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "undefined (the best group's rate is 0)";
        return Inv($"{label} over {d.GroupsCompared} groups: worst {d.Worst.Group} {Pct(Rate(d, d.Worst))}, best {d.Best.Group} ")
            + Inv($"{Pct(Rate(d, d.Best))}; worst-to-best ratio {ratio}, difference {(d.Difference ?? 0) * 100:+0.0;-0.0;0.0} points");
    }

    /// <summary>The rate the disparity is about, for one group.</summary>
    public static RateEstimate Rate(GroupDisparity d, GroupRates g)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(g);
        return d.Metric == "fpr" ? g.FalsePositiveRate : g.Recall;
    }

    /// <summary>A rate as a percentage with one decimal and its interval, e.g. <c>12.5% [8.1–18.8]</c>; "–" with no texts.</summary>
    public static string Pct(RateEstimate r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Total == 0 ? "–" : Inv($"{r.Rate * 100:0.0}% [{r.Low * 100:0.0}–{r.High * 100:0.0}]");
    }

    private static string Cells(RateEstimate r, bool estimable) =>
        r.Total == 0 ? "<td>–</td><td></td>"
        : Inv($"<td>{r.Rate * 100:0.0}%{(estimable ? "" : " <em>too small</em>")}</td><td>{r.Low * 100:0.0}–{r.High * 100:0.0}%</td>");

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
