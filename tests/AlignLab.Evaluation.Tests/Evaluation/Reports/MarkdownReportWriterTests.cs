using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void Summary_table_and_gates()
    {
        var md = MarkdownReportWriter.ToMarkdown(ReportSamples.Simple());

        Assert.StartsWith("## AlignLab evaluation — ❌ 1 of 2 gates failed\n", md, StringComparison.Ordinal);
        Assert.Contains("Run run-20261124-0001 · policy examples/default\\_constitution.yaml · guard only (no model) · 120 cases · seed 42 · 12.5 s", md, StringComparison.Ordinal);
        Assert.Contains("| guard\\_only | 97.5% (87.5–100.0%) | 2.5% (0.0–7.5%) | 15.0% (0.0–35.0%) | 35.8% (27.5–45.0%) | 49 µs | 212 µs | — / — | — | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("| full\\_pipeline | *needs --model: calls the model; pass --model to run it* |", md, StringComparison.Ordinal);
        Assert.Contains("| none (as written, every harmful suite) | 2.5% (0.0–7.5%) | — |", md, StringComparison.Ordinal);
        Assert.Contains("| base64 | 15.0% (5.0–27.5%) | +12.5 pp (95% CI ", md, StringComparison.Ordinal);
        Assert.Contains("; 2.5% → 15.0% on 40 pairs) |", md, StringComparison.Ordinal);
        Assert.Contains("| every transform, pooled | 10.0% (5.0–19.0%) | — |", md, StringComparison.Ordinal);
        Assert.Contains("| harmful blocked | ≥ 95.0% | 97.5% | ✅ pass |", md, StringComparison.Ordinal);
        Assert.Contains("| false-positive rate | ≤ 2.0% | 2.5% | ❌ **fail** |", md, StringComparison.Ordinal);
        var table = md.Split('\n').Where(l => l.StartsWith("| guard", StringComparison.Ordinal)).ToList();
        Assert.Single(table);
        Assert.Equal(11, table[0].Count(c => c == '|'));
    }

    [Fact]
    public void Hostile_names_cannot_break_the_table_or_inject_markup()
    {
        var s = ReportSamples.Simple() with { RunId = "x | y\n## injected <script>alert(1)</script> [link](javascript:alert(1))" };
        s = s with { Strategies = [.. s.Strategies.Select(x => x with { UnavailableReason = x.Available ? null : "a|b\nc<img src=x onerror=alert(1)>" })] };

        var md = MarkdownReportWriter.ToMarkdown(s);

        Assert.DoesNotContain("<script", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\n## injected", md, StringComparison.Ordinal);
        Assert.Contains("x \\| y ## injected &lt;script&gt;alert(1)&lt;/script&gt; \\[link\\](javascript:alert(1))", md, StringComparison.Ordinal);
        var row = md.Split('\n').Single(l => l.StartsWith("| full", StringComparison.Ordinal));
        Assert.Equal(11, row.Count(c => c == '|') - HtmlAssert.Count(row, "\\|"));
    }

    [Fact]
    public void No_gates_says_so()
    {
        var md = MarkdownReportWriter.ToMarkdown(ReportSamples.Simple() with { Gates = [] });
        Assert.StartsWith("## AlignLab evaluation\n", md, StringComparison.Ordinal);
        Assert.EndsWith("### Gates\n\nNo gates were set.\n", md, StringComparison.Ordinal);
    }
}
