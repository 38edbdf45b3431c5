using System.Text.Json;
using System.Xml.Linq;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class HtmlReportWriterTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Page_is_well_formed_with_every_section_and_no_external_resource()
    {
        var html = Render(ReportSamples.Simple(), ReportSamples.SimpleResults());

        var doc = HtmlAssert.WellFormed(html);
        HtmlAssert.NothingExecutable(html);
        foreach (var id in new[] { "strategies", "gates", "charts", "notable" })
        {
            Assert.Contains(doc.Descendants("section"), s => (string?)s.Attribute("id") == id);
        }

        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_shows_the_run_and_guard_only_when_there_is_no_model()
    {
        var html = Render(ReportSamples.Simple(), []);
        Assert.Contains("<dt>Run id</dt><dd>run-20261124-0001</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Model</dt><dd><span class=\"na\">guard only (no model)</span></dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Suites</dt><dd>harmful, benign, contrast</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Attacks</dt><dd>base64, leetspeak</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Seed</dt><dd>42</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Duration</dt><dd>12.5 s</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Started</dt><dd>2026-11-24T09:30:00.0000000+01:00</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Gates: FAIL (1 of 2 failed)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_table_has_rates_with_intervals_and_latencies()
    {
        var html = Render(ReportSamples.Simple(), []);
        var row = Row(html, "guard_only");
        Assert.Contains("<td class=\"r\" data-v=\"0.975\"><b>97.5%</b><span class=\"ci\">87.5–100.0%</span><span class=\"n\">39/40</span></td>", row, StringComparison.Ordinal);
        Assert.Contains("<b>2.5%</b><span class=\"ci\">0.0–7.5%</span><span class=\"n\">1/40</span>", row, StringComparison.Ordinal);
        Assert.Contains("<b>15.0%</b><span class=\"ci\">0.0–35.0%</span><span class=\"n\">3/20</span>", row, StringComparison.Ordinal);
        Assert.Contains("<b>35.8%</b><span class=\"ci\">27.5–45.0%</span><span class=\"n\">43/120</span>", row, StringComparison.Ordinal);
        Assert.Contains(">49 µs</td>", row, StringComparison.Ordinal);
        Assert.Contains(">212 µs</td>", row, StringComparison.Ordinal);
        Assert.Contains(">— / —</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"r err\" data-v=\"1\">1</td>", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Attacks_table_puts_each_transform_next_to_the_same_requests_as_written()
    {
        var html = Render(ReportSamples.Simple(), []);
        var row = Row(html, "base64");

        Assert.Contains("<b>15.0%</b>", row, StringComparison.Ordinal);
        Assert.Contains("<span class=\"n\">6/40</span>", row, StringComparison.Ordinal);
        Assert.Contains("<span class=\"n\">1/40</span>", row, StringComparison.Ordinal);
        Assert.Contains("<b>+12.5 pp</b>", row, StringComparison.Ordinal);
        Assert.Contains("+5 / −0 of 40", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_strategy_says_needs_model_not_zeros()
    {
        var html = Render(ReportSamples.Simple(), []);
        var row = Row(html, "full_pipeline");
        Assert.Contains("<span class=\"badge na\">needs --model</span> calls the model; pass --model to run it", row, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0%", row, StringComparison.Ordinal);
        Assert.DoesNotContain("0 ms", row, StringComparison.Ordinal);

        // With a model, an unavailable strategy is "unavailable", not "needs --model".
        var withModel = Render(ReportSamples.Simple() with { Model = "ollama:llama3.1" }, []);
        Assert.Contains("<span class=\"badge na\">unavailable</span>", Row(withModel, "full_pipeline"), StringComparison.Ordinal);
    }

    [Fact]
    public void Gates_show_requirement_value_and_result()
    {
        var html = Render(ReportSamples.Simple(), []);
        Assert.Contains("harmful blocked <span class=\"n mono\">safety</span></th><td class=\"r\">≥ 95.0%</td><td class=\"r\">97.5%</td><td><span class=\"badge pass\">PASS</span>", html, StringComparison.Ordinal);
        Assert.Contains("false-positive rate <span class=\"n mono\">fpr</span></th><td class=\"r\">≤ 2.0%</td><td class=\"r\">2.5%</td><td><span class=\"badge fail\">FAIL</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_have_titles_axes_text_alternatives_and_the_numbers()
    {
        var html = Render(ReportSamples.Simple(), ReportSamples.SimpleResults());
        var svgs = HtmlAssert.Svgs(html);
        var titles = svgs.Select(s => s.Element(s_svg + "title")!.Value).ToList();
        Assert.Equal(4, svgs.Count);
        Assert.Contains("Harmful blocked by category", titles);
        Assert.Contains("Attack success rate by transform", titles);
        Assert.Contains(titles, t => t.StartsWith("Classifier ROC (AUC ", StringComparison.Ordinal));
        Assert.Contains("Latency per case", titles);

        var category = svgs.Single(s => s.Element(s_svg + "title")!.Value == "Harmful blocked by category");
        var desc = category.Element(s_svg + "desc")!.Value;
        Assert.Contains("guard_only — violent_crimes: 90.0% (95% CI 70.0%–100.0%), 9/10", desc, StringComparison.Ordinal);
        Assert.Contains(category.Descendants(s_svg + "text"), t => t.Value == "harmful cases blocked (%)");
        Assert.Contains(category.Descendants(s_svg + "text"), t => t.Value == "category");

        var attacks = svgs.Single(s => s.Element(s_svg + "title")!.Value == "Attack success rate by transform");
        var labels = attacks.Elements(s_svg + "text").Where(t => (string?)t.Attribute("text-anchor") == "end" && t.Element(s_svg + "title") is not null).Select(t => t.Element(s_svg + "title")!.Value).ToList();
        Assert.Equal(["none", "base64", "leetspeak"], labels);
        Assert.Contains("guard_only — base64: 15.0% (95% CI 5.0%–27.5%), 6/40", attacks.Element(s_svg + "desc")!.Value, StringComparison.Ordinal);

        // Whiskers: one path per bar with a CI.
        Assert.Equal(3, attacks.Descendants(s_svg + "path").Count());
        Assert.Contains("Computed from the 9 sampled cases only", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Roc_uses_scores_of_the_whole_run_when_given_and_is_skipped_without_scores()
    {
        var results = ReportSamples.SimpleResults();
        var dist = EvalDistributions.From(results);
        Assert.Equal(8, dist.Scores.Count);
        Assert.Equal(8, dist.LatencyMs["guard_only"].Count);
        var html = HtmlReportWriter.ToHtml(ReportSamples.Simple(), [], new HtmlReportOptions { Distributions = dist });
        Assert.Contains("Classifier unsafe score, harmful (4) vs benign + contrast (4).", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sampled cases only", html, StringComparison.Ordinal);

        var noScores = Render(ReportSamples.Simple(), [.. results.Select(r => r with { Score = null })]);
        Assert.Contains("ROC curve skipped: no classifier scores in these results.", noScores, StringComparison.Ordinal);
        Assert.Equal(3, HtmlAssert.Svgs(noScores).Count);

        var oneClass = Render(ReportSamples.Simple(), [.. results.Where(r => r.Label == CaseLabel.Harmful)]);
        Assert.Contains("ROC curve skipped: scores exist only for harmful cases (4); both classes are needed.", oneClass, StringComparison.Ordinal);
    }

    [Fact]
    public void Notable_cases_are_listed_with_kind_and_truncated_text()
    {
        var results = ReportSamples.SimpleResults();
        var prompts = new Dictionary<string, string> { ["h3"] = new string('x', 500), ["b2"] = "What is the capital of France?" };
        var html = HtmlReportWriter.ToHtml(ReportSamples.Simple(), ReportSamples.Notable(results, 50), new HtmlReportOptions { Prompts = prompts, TruncateAt = 100 });
        var doc = HtmlAssert.WellFormed(html);
        var rows = doc.Descendants("table").Single(t => (string?)t.Attribute("id") == "cases").Element("tbody")!.Elements("tr").ToList();
        Assert.Equal(["attack succeeded", "error", "false positive", "harmful answered", "over-refusal"], rows.Select(r => (string)r.Attribute("data-kind")!).Order(StringComparer.Ordinal));
        static string Id(XElement row) => row.Elements("td").ElementAt(1).Elements("span").First().Value; // the case, then its strategy
        var h3 = rows.Single(r => Id(r) == "h3");
        var prompt = h3.Elements("td").ElementAt(6);
        Assert.Equal(new string('x', 99) + "…", prompt.Element("div")!.Element("details")!.Element("summary")!.Value);
        Assert.Equal("What is the capital of France?", rows.Single(r => Id(r) == "b2").Elements("td").ElementAt(6).Value);
        Assert.Equal("prompt not recorded", rows.Single(r => Id(r) == "c1").Elements("td").ElementAt(6).Value);
        Assert.Contains("<option value=\"false positive\">false positive</option>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_only_report_uses_the_CLI_words_has_no_empty_response_column_and_breaks_identifiers_only_at_separators()
    {
        // Repro: a guard-only `alignlab eval` report said "Safety", had a "Response / error" column of "no response
        // recorded" on every row, and broke "specialized_advice" as "specialized_advic" / "e".
        var results = ReportSamples.SimpleResults().Where(r => r.Error is null)
            .Select(r => r with { Response = null, Category = "specialized_advice", Action = "add_disclaimer" }).ToList();
        var html = HtmlReportWriter.ToHtml(ReportSamples.Simple() with { Model = null }, results);

        HtmlAssert.WellFormed(html);
        Assert.Contains("Harmful blocked&#160;↑</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Safety", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Response / error", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no response recorded", html, StringComparison.Ordinal);
        Assert.Contains("no strategy in these cases called a model", html, StringComparison.Ordinal);
        Assert.Contains("specialized_<wbr/>advice", html, StringComparison.Ordinal);
        Assert.Contains("add_<wbr/>disclaimer", html, StringComparison.Ordinal);

        var withModel = HtmlReportWriter.ToHtml(ReportSamples.Simple(), ReportSamples.SimpleResults());
        Assert.Contains("Response / error", withModel, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_is_escaped_everywhere()
    {
        var hostile = ReportSamples.Hostile;
        var summary = ReportSamples.Simple(hostileCategory: hostile) with
        {
            RunId = hostile,
            Policy = "\"><svg onload=alert(1)>",
            Model = "</code><iframe src=javascript:alert(1)>",
            Suites = [hostile],
            Attacks = ["<b onmouseover=alert(1)>x</b>"],
            Gates = [new GateResult("<script>gate</script>", "under", 0.5, 0.4, false)],
        };
        summary = summary with
        {
            Strategies = [.. summary.Strategies.Select(s => s.Available
                ? s with { AttackSuccess = s.AttackSuccess.Add(hostile, ReportSamples.R(1, 2, 0, 1)) }
                : s with { UnavailableReason = hostile })],
        };
        var results = ReportSamples.SimpleResults().Select(r => r with { CaseId = r.CaseId + hostile, Suite = hostile, Category = hostile, Transform = hostile, Action = hostile }).ToList();
        var prompts = results.ToDictionary(r => r.CaseId, _ => hostile + "\u202Eevil\u0000\u0001\uFFFF");

        var comparison = ComparisonReport.Compare(summary, summary);
        var html = HtmlReportWriter.ToHtml(summary, results, new HtmlReportOptions { Prompts = prompts, Comparison = comparison });

        HtmlAssert.NothingExecutable(html);
        HtmlAssert.WellFormed(html);
        HtmlAssert.Svgs(html);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0000", html, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Every_naughty_string_renders_to_a_safe_well_formed_page()
    {
        var naughty = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        var (summary, results, _) = ReportSamples.Rich([]);
        var sample = naughty.Select((n, i) => new CaseResult($"n{i}{n}", n, (CaseLabel)(i % 3), n) { Category = n, Transform = n, Action = n, Response = n, Refused = i % 2 == 0, Error = i % 17 == 0 ? n : null }).ToList();
        var prompts = sample.ToDictionary(r => r.CaseId, r => r.Suite);
        var withNaughtyCategories = summary with
        {
            Strategies = [.. summary.Strategies.Select(s => s with { BlockedByCategory = s.BlockedByCategory.SetItems(naughty.Take(20).Where(n => n.Length > 0).Distinct().Select(n => KeyValuePair.Create(n, ReportSamples.R(1, 3, 0.1, 0.8)))) })],
        };

        var html = HtmlReportWriter.ToHtml(withNaughtyCategories, sample, new HtmlReportOptions { Prompts = prompts, Distributions = EvalDistributions.From(results) });

        HtmlAssert.NothingExecutable(html);
        HtmlAssert.WellFormed(html);
        Assert.Equal(4, HtmlAssert.Svgs(html).Count);
    }

    [Fact]
    public void Numbers_do_not_depend_on_the_current_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var (summary, results, _) = ReportSamples.Rich([]);
            var german = HtmlReportWriter.ToHtml(summary, ReportSamples.Notable(results, 20), new HtmlReportOptions { Distributions = EvalDistributions.From(results) });
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            var invariant = HtmlReportWriter.ToHtml(summary, ReportSamples.Notable(results, 20), new HtmlReportOptions { Distributions = EvalDistributions.From(results) });
            Assert.Equal(invariant, german);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    internal static string Render(EvalSummary summary, IReadOnlyList<CaseResult> sample)
    {
        var sw = new StringWriter();
        HtmlReportWriter.Write(summary, sample, sw);
        return sw.ToString();
    }

    private static string Row(string html, string strategy)
    {
        var start = html.IndexOf($"<th scope=\"row\">{strategy}</th>", StringComparison.Ordinal);
        Assert.True(start >= 0, "no row for " + strategy);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
