using AlignLab.Evaluation.Principles;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Tests.Evaluation.Reports;

public sealed class PrincipleAdherenceHtmlTests
{
    private static EvalSummary Plain => new() { RunId = "r", StartedAt = DateTimeOffset.UnixEpoch, Policy = "p" };

    private static EvalSummary Judged => Plain with
    {
        PrincipleAdherence = new PrincipleAdherenceSummary
        {
            Strategy = "full_pipeline",
            Judge = "openai:judge",
            Answers = 3,
            Errors = 1,
            Principles =
            [
                new PrincipleAdherence("harmless", WilsonInterval.Estimate(2, 3), 1),
                new PrincipleAdherence("<script>alert(1)</script> | pipes", WilsonInterval.Estimate(0, 0), 3),
            ],
        },
    };

    [Fact]
    public void The_html_report_of_eval_with_principle_judge_has_an_adherence_section_with_each_principles_share_and_interval()
    {
        // alignlab eval --principle-judge SPEC wrote the section to summary.json and report.md but not to report.html.
        var html = HtmlReportWriter.ToHtml(Judged, []);

        Assert.Contains("<section id=\"principle-adherence\"><h2>Principle adherence</h2>", html, StringComparison.Ordinal);
        var interval = WilsonInterval.Estimate(2, 3);
        Assert.Contains("<th scope=\"row\">harmless</th><td class=\"r\" data-v=\"0.6666666666666666\"><b>66.7%</b>", html, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"{interval.Low * 100:0.0}–{interval.High * 100:0.0}%"), html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"n\">2/3</span>", html, StringComparison.Ordinal);
        Assert.Contains("1 judge call(s) failed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; | pipes</th><td class=\"r na\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_eval_without_a_principle_judge_has_no_adherence_section_in_html()
    {
        Assert.DoesNotContain("principle-adherence", HtmlReportWriter.ToHtml(Plain, []), StringComparison.Ordinal);
    }

    [Fact]
    public void A_principle_name_with_a_pipe_or_markup_stays_in_its_markdown_table_cell()
    {
        using var markdown = new StringWriter();

        MarkdownReportWriter.Write(Judged, markdown);

        Assert.Contains("| &lt;script&gt;alert(1)&lt;/script&gt; \\| pipes | — | — | 0 | 3 |", markdown.ToString(), StringComparison.Ordinal);
    }
}
