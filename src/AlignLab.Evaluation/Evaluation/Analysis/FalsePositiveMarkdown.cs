using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Analysis;

/// <summary>Writes a <see cref="FalsePositiveReport"/> as GitHub-flavoured Markdown; text from the data is escaped.</summary>
public static class FalsePositiveMarkdown
{
    /// <summary>The report as Markdown.</summary>
    public static string ToMarkdown(FalsePositiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(report, w);
        return w.ToString();
    }

    /// <summary>Writes the report.</summary>
    public static void Write(FalsePositiveReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("## AlignLab false-positive analysis\n\n");
        output.Write(Inv($"Policy {Md(report.Policy)} · {(report.Classifier ? "rules + classifier" : "rules only")}{(report.Context is null ? "" : " · context " + Md(report.Context))}{(report.Profile is null ? "" : " · profile " + Md(report.Profile))} · {report.Cases} benign/contrast cases · **{report.FalsePositives} false positives ({Pct(report.Rate)})**{(report.HarmfulChecked is { } h ? $" · suggested exceptions checked against {h} harmful cases" : "")}\n\n"));
        if (report.Causes.Count == 0)
        {
            output.Write("No benign case was stopped.\n");
            return;
        }

        output.Write("| Cause | Kind | Action | False positives | Share | Top phrases |\n");
        output.Write("|---|---|---|---:|---:|---|\n");
        foreach (var c in report.Causes)
        {
            output.Write(Inv($"| {Md(c.Id)} | {FalsePositiveReportJson.KindName(c.Kind)} | {Md(c.Action)} | {c.Count} | {Pct(c.Share)} | {Md(PhraseList(c.Phrases, 5))} |\n"));
        }

        foreach (var c in report.Causes)
        {
            output.Write(Inv($"\n### {Md(c.Id)} ({FalsePositiveReportJson.KindName(c.Kind)}, {c.Count})\n\n"));
            output.Write("**Suggestion:** " + Md(c.Suggestion) + "\n\n");
            foreach (var e in c.Examples)
            {
                output.Write(Inv($"- `{e.CaseId.Replace('`', '\'')}` ({Md(e.Suite)}): {Md(e.Text)}\n"));
            }
        }
    }

    /// <summary>The first <paramref name="max"/> phrases with their counts: "kill (12), shoot (3)".</summary>
    public static string PhraseList(IReadOnlyList<PhraseCount> phrases, int max) =>
        string.Join(", ", phrases.Take(max).Select(p => Inv($"{p.Text} ({p.Count})")));
}
