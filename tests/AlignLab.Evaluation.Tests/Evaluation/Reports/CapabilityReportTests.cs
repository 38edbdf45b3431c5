using System.Collections.Immutable;
using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>The capability numbers in summary.json (written and read back) and in the HTML report's section and chart.</summary>
public sealed class CapabilityReportTests
{
    private static EvalSummary WithCapability()
    {
        var s = ReportSamples.Simple();
        CapabilitySummary Cap(double score, ScoreInterval? delta, int refused) => new()
        {
            Score = new ScoreInterval(score, score - 0.05, score + 0.05, 100),
            Delta = delta,
            BenignRefusal = ReportSamples.R(refused, 100, 0, 0.1),
            Tasks = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ScoreInterval>
            {
                [CapabilityTasks.Gsm8k] = new(score, score - 0.1, score + 0.1, 50),
                [CapabilityTasks.Helpfulness] = new(0.4, 0.3, 0.5, 40),
            }),
            Items = 140,
            Errors = 0,
        };
        return s with
        {
            Strategies =
            [
                new StrategySummary("baseline", true) { HarmfulBlocked = ReportSamples.R(10, 40, 0.1, 0.4), Capability = Cap(0.8, null, 0) },
                new StrategySummary("full_pipeline", true) { HarmfulBlocked = ReportSamples.R(38, 40, 0.85, 1), Capability = Cap(0.74, new ScoreInterval(-0.06, -0.11, -0.02, 100), 6) },
                new StrategySummary("guard_only", true) { HarmfulBlocked = ReportSamples.R(30, 40, 0.6, 0.9) },
            ],
            CapabilityTasks = [CapabilityTasks.Gsm8k, CapabilityTasks.Helpfulness],
            CapabilityNotes = ["humaneval: skipped: python3 is not installed"],
        };
    }

    [Fact]
    public void Summary_json_carries_capability_and_capability_delta_per_strategy_and_reads_back()
    {
        var summary = WithCapability();
        var json = EvalReportJson.WriteSummary(summary);
        using var doc = JsonDocument.Parse(json);
        var strategies = doc.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("strategy").GetString()!);

        Assert.Equal(-0.06, strategies["full_pipeline"].GetProperty("capability_delta").GetProperty("value").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, strategies["baseline"].GetProperty("capability_delta").ValueKind);
        Assert.Equal(JsonValueKind.Null, strategies["guard_only"].GetProperty("capability").ValueKind);
        Assert.Equal("humaneval: skipped: python3 is not installed", doc.RootElement.GetProperty("capability").GetProperty("notes")[0].GetString());

        var back = EvalReportJson.ReadSummary(json);
        Assert.Equal([.. summary.CapabilityTasks], back.CapabilityTasks.ToArray());
        Assert.Equal([.. summary.CapabilityNotes], back.CapabilityNotes.ToArray());
        var original = summary.Strategies[1].Capability!;
        var read = back.Strategies[1].Capability!;
        Assert.Equal(original.Score, read.Score);
        Assert.Equal(original.Delta, read.Delta);
        Assert.Equal(original.BenignRefusal, read.BenignRefusal);
        Assert.Equal(original.Tasks.OrderBy(t => t.Key), read.Tasks.OrderBy(t => t.Key));
        Assert.Null(back.Strategies[2].Capability);
    }

    [Fact]
    public void Html_report_has_the_capability_table_and_one_point_per_strategy_on_the_chart()
    {
        var html = HtmlReportWriter.ToHtml(WithCapability(), []);

        HtmlAssert.WellFormed(html);
        HtmlAssert.NothingExecutable(html);
        Assert.Contains("<section id=\"capability\">", html, StringComparison.Ordinal);
        Assert.Contains("python3 is not installed", html, StringComparison.Ordinal);
        Assert.Contains("−6.0 pp", html, StringComparison.Ordinal);
        var chart = HtmlAssert.Svgs(html).Single(s => s.ToString().Contains("Safety and capability by strategy", StringComparison.Ordinal));
        Assert.Equal(2, chart.Descendants().Count(e => e.Name.LocalName == "circle")); // guard_only has no capability number
    }

    [Fact]
    public void Markdown_report_has_the_capability_table_and_the_notes()
    {
        var md = MarkdownReportWriter.ToMarkdown(WithCapability());

        Assert.Contains("### Safety and capability", md, StringComparison.Ordinal);
        Assert.Contains("- not run: humaneval: skipped: python3 is not installed", md, StringComparison.Ordinal);
        Assert.Contains("| 95.0% (85.0–100.0%) | 74.0% [69.0, 79.0] |", md, StringComparison.Ordinal);
        Assert.Contains("−6.0 pp [-11.0, -2.0]", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Safety and capability", MarkdownReportWriter.ToMarkdown(ReportSamples.Simple()), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_capability_the_report_has_no_capability_section()
    {
        var html = HtmlReportWriter.ToHtml(ReportSamples.Simple(), []);
        Assert.DoesNotContain("id=\"capability\"", html, StringComparison.Ordinal);
    }
}
