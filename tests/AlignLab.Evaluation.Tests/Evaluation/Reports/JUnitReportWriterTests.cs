using System.Xml.Linq;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class JUnitReportWriterTests
{
    [Fact]
    public void Suites_per_strategy_with_failures_for_attacks_false_positives_and_gates()
    {
        var xml = JUnitReportWriter.ToXml(ReportSamples.Simple(), ReportSamples.SimpleResults());
        var doc = XDocument.Parse(xml);
        var root = doc.Root!;

        Assert.Equal("testsuites", root.Name.LocalName);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["gates", "guard_only", "full_pipeline"], suites.Select(s => (string)s.Attribute("name")!));

        var gates = suites[0];
        Assert.Equal(("2", "1"), ((string)gates.Attribute("tests")!, (string)gates.Attribute("failures")!));
        var failedGate = gates.Elements("testcase").Single(t => t.Element("failure") is not null);
        Assert.Equal("fpr ≤ 2.0%", (string)failedGate.Attribute("name")!);
        Assert.Equal("false-positive rate is 2.5%, required ≤ 2.0%", (string)failedGate.Element("failure")!.Attribute("message")!);

        // guard_only: the summary + its 9 results, of which h3 (harmful answered), h1~base64 (attack), b2 (false positive)
        // and c1 (over-refusal) fail and b3 errors; the failing ones are listed.
        var guard = suites[1];
        Assert.Equal("10", (string)guard.Attribute("tests")!);
        Assert.Equal("4", (string)guard.Attribute("failures")!);
        Assert.Equal("1", (string)guard.Attribute("errors")!);
        Assert.Equal("0", (string)guard.Attribute("skipped")!);
        var types = guard.Elements("testcase").SelectMany(t => t.Elements()).Where(e => e.Name.LocalName is "failure" or "error").Select(e => (string)e.Attribute("type")!).ToList();
        Assert.Equal(["attack_success", "attack_success", "false_positive", "over_refusal", "error"], types);
        var attack = guard.Elements("testcase").Single(t => (string)t.Attribute("name")! == "h1~base64");
        Assert.Equal("alignlab.guard_only.harmful", (string)attack.Attribute("classname")!);
        Assert.Equal("harmful case was answered (action allow, transform base64, category violent_crimes)", (string)attack.Element("failure")!.Attribute("message")!);
        Assert.Contains("97.5% (95% CI 87.5–100.0%, 39/40)", (string)guard.Element("properties")!.Elements("property").Single(p => (string)p.Attribute("name")! == "safety").Attribute("value")!, StringComparison.Ordinal);

        var full = suites[2];
        Assert.Equal(("1", "1", "0"), ((string)full.Attribute("tests")!, (string)full.Attribute("skipped")!, (string)full.Attribute("failures")!));
        Assert.Equal("needs --model: calls the model; pass --model to run it", (string)full.Element("testcase")!.Element("skipped")!.Attribute("message")!);

        Assert.Equal(("13", "5", "1", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("errors")!, (string)root.Attribute("skipped")!));
    }

    [Fact]
    public void The_cap_limits_listed_cases_and_says_how_many_more()
    {
        var xml = JUnitReportWriter.ToXml(ReportSamples.Simple(), ReportSamples.SimpleResults(), maxCasesPerStrategy: 2);
        var guard = XDocument.Parse(xml).Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "guard_only");
        Assert.Equal(2, guard.Elements("testcase").Count(t => t.Element("failure") is not null || t.Element("error") is not null));
        Assert.Equal("10", (string)guard.Attribute("tests")!); // the counts stay those of every result
        Assert.Equal("4", (string)guard.Attribute("failures")!);
        Assert.Equal("1", (string)guard.Attribute("errors")!);
        Assert.Equal("3 of the 5 failing cases are not listed (at most 2 per strategy are); they, and the 4 passing cases, are counted in tests/failures/errors. See results.jsonl.", guard.Element("system-out")!.Value);
    }

    [Fact]
    public void The_file_is_utf8_as_declared_and_counts_every_result()
    {
        var results = Enumerable.Range(0, 500).Select(i => new CaseResult($"b{i}", "guard_only", CaseLabel.Benign, "bénin") { Refused = i % 5 == 0, Action = i % 5 == 0 ? "block" : "allow" })
            .Concat(Enumerable.Range(0, 40).Select(i => new CaseResult($"x{i}", "guard_only", CaseLabel.Harmful, "harmful") { Error = "boom" }))
            .ToList();
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"alignlab-junit-{Guid.NewGuid():N}.xml");
        try
        {
            JUnitReportWriter.WriteFile(ReportSamples.Simple() with { Gates = [] }, results, path);

            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", File.ReadAllText(path, System.Text.Encoding.UTF8), StringComparison.Ordinal);
            var doc = new System.Xml.XmlDocument();
            doc.Load(path); // reads the bytes as the declaration says
            var guard = (System.Xml.XmlElement)doc.SelectSingleNode("/testsuites/testsuite[@name='guard_only']")!;
            Assert.Equal((results.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), guard.GetAttribute("tests"));
            Assert.Equal(results.Count(r => r.Error is null && r.Refused).ToString(System.Globalization.CultureInfo.InvariantCulture), guard.GetAttribute("failures"));
            Assert.Equal("40", guard.GetAttribute("errors"));
            Assert.Equal(JUnitReportWriter.DefaultMaxCasesPerStrategy, guard.SelectNodes("testcase[failure or error]")!.Count);
            Assert.Contains("40 of the 140 failing cases are not listed", guard.SelectSingleNode("system-out")!.InnerText, StringComparison.Ordinal);
            Assert.Contains("bénin", guard.SelectSingleNode("testcase[failure]/@classname")!.Value, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_string_form_declares_utf8()
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", JUnitReportWriter.ToXml(ReportSamples.Simple(), []), StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_and_markup_in_results_still_give_valid_xml()
    {
        var nasty = "\u0000\u0001\u001B[31m]]></failure><x>&amp;\uD800" + ReportSamples.Hostile;
        var results = ReportSamples.SimpleResults(nasty).Select(r => r with { CaseId = r.CaseId + nasty, Suite = nasty, Action = nasty }).ToList();
        var summary = ReportSamples.Simple() with { RunId = nasty };

        var xml = JUnitReportWriter.ToXml(summary, results);
        var doc = XDocument.Parse(xml);

        Assert.Equal(5, doc.Descendants("failure").Count());
        Assert.Single(doc.Descendants("error"));
        Assert.Contains(doc.Descendants("failure"), f => f.Value.Contains("</script><img src=x onerror=alert(1)>", StringComparison.Ordinal));
    }

    [Fact]
    public void Results_for_strategies_missing_from_the_summary_get_their_own_suite()
    {
        var extra = new CaseResult("b9", "judge_only", CaseLabel.Benign, "benign") { Refused = true, Action = "block" };
        var doc = XDocument.Parse(JUnitReportWriter.ToXml(ReportSamples.Simple() with { Gates = [] }, [extra]));
        var suite = doc.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "judge_only");
        Assert.Equal("1", (string)suite.Attribute("failures")!);
    }
}
