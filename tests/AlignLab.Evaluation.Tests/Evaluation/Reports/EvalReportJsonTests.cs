using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class EvalReportJsonTests
{
    [Fact]
    public void Summary_round_trips_to_equal_records()
    {
        var s = ReportSamples.Simple(hostileCategory: ReportSamples.Hostile) with { Model = "openai:m@http://x/v1", CaseSet = "120:0123456789abcdef0123456789abcdef" };

        var back = EvalReportJson.ReadSummary(EvalReportJson.WriteSummary(s));

        AssertSummaryEqual(s, back);
        Assert.Equal(EvalReportJson.WriteSummary(s), EvalReportJson.WriteSummary(back));
    }

    [Fact]
    public void Summary_uses_stable_snake_case_names()
    {
        using var doc = JsonDocument.Parse(EvalReportJson.WriteSummary(ReportSamples.Simple()));
        var root = doc.RootElement;
        Assert.Equal(["schema", "run_id", "started_at", "duration_seconds", "policy", "model", "suites", "attacks", "seed", "cases", "case_set", "strategies", "capability", "gates"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(EvalReportJson.SummarySchema, root.GetProperty("schema").GetString());
        Assert.Equal("2026-11-24T09:30:00.0000000+01:00", root.GetProperty("started_at").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("model").ValueKind);
        var g = root.GetProperty("strategies")[0];
        Assert.Equal(0.975, g.GetProperty("harmful_blocked").GetProperty("rate").GetDouble());
        Assert.Equal(0.875, g.GetProperty("harmful_blocked").GetProperty("low").GetDouble());
        Assert.Equal(["base64", "leetspeak", "none"], g.GetProperty("attack_success").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.049, g.GetProperty("latency_p50_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, g.GetProperty("added_latency_p50_ms").ValueKind);
        var unavailable = root.GetProperty("strategies")[1];
        Assert.False(unavailable.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unavailable.GetProperty("harmful_blocked").ValueKind);
        Assert.Equal("fpr", root.GetProperty("gates")[1].GetProperty("metric").GetString());
        Assert.False(root.GetProperty("gates")[1].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Summary_file_is_written_atomically_and_read_back()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, EvalReportJson.SummaryFileName);
        var (s, _, _) = ReportSamples.Rich([]);
        EvalReportJson.WriteSummaryFile(s, path);
        Assert.False(File.Exists(path + ".tmp"));
        AssertSummaryEqual(s, EvalReportJson.ReadSummaryFile(path));
    }

    [Theory]
    [InlineData("{", "malformed")]
    [InlineData("[]", "must be an object")]
    [InlineData("{\"schema\":\"alignlab.eval.summary/9\",\"run_id\":\"x\"}", "schema")]
    [InlineData("{\"started_at\":\"2026-01-01T00:00:00Z\",\"policy\":\"p\"}", "run_id")]
    public void Bad_summaries_say_what_is_wrong(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => EvalReportJson.ReadSummary(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Results_round_trip_line_by_line_including_naughty_strings()
    {
        var naughty = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(RepoPaths.SharedData, "blns", "blns.json")))!;
        var results = ReportSamples.SimpleResults().Concat(naughty.Select((n, i) => new CaseResult(n.Length == 0 ? "empty" : n, "guard_only", (CaseLabel)(i % 3), n)
        {
            Category = n,
            Response = n + "\n" + n,
            TraceJson = "{\"why\":" + JsonSerializer.Serialize(n) + "}",
            Score = i / 7.0,
            LatencyMs = Math.PI * i,
            Tokens = i == 0 ? null : long.MaxValue - i,
        })).ToList();

        var sw = new StringWriter();
        EvalReportJson.WriteResults(sw, results);
        var text = sw.ToString();
        Assert.Equal(results.Count, text.Count(c => c == '\n'));

        var reader = EvalReportJson.ReadResults(new StringReader(text));
        var back = reader.Read().ToList();

        Assert.Equal(results, back);
        Assert.Equal(0, reader.SkippedLines);
        Assert.Equal(results.Count, reader.ResultsRead);
    }

    [Fact]
    public void Result_lines_use_snake_case_and_omit_absent_fields()
    {
        var line = EvalReportJson.WriteResult(new CaseResult("a~b64", "guard_only", CaseLabel.Harmful, "jailbreaks") { Transform = "base64", LatencyMs = 0.5 });
        Assert.Equal("{\"case_id\":\"a~b64\",\"strategy\":\"guard_only\",\"label\":\"harmful\",\"suite\":\"jailbreaks\",\"transform\":\"base64\",\"refused\":false,\"intervened\":false,\"action\":\"allow\",\"latency_ms\":0.5,\"guard_ms\":0}", line);
    }

    [Fact]
    public async Task Torn_last_line_is_skipped_and_counted()
    {
        var results = ReportSamples.SimpleResults();
        var sw = new StringWriter();
        EvalReportJson.WriteResults(sw, results);
        var whole = EvalReportJson.WriteResult(results[0] with { CaseId = "torn" });
        var text = sw + whole[..(whole.Length / 2)];

        var reader = EvalReportJson.ReadResults(new StringReader(text));
        Assert.Equal(results, reader.Read().ToList());
        Assert.Equal(1, reader.SkippedLines);
        Assert.Contains($"line {results.Count + 1}", reader.SkippedReason, StringComparison.Ordinal);

        var asyncReader = new CaseResultReader(new StringReader(text + "\n\n"));
        var back = new List<CaseResult>();
        await foreach (var r in asyncReader.ReadAsync())
        {
            back.Add(r);
        }

        Assert.Equal(results, back);
        Assert.Equal(1, asyncReader.SkippedLines);
    }

    [Fact]
    public void A_bad_line_in_the_middle_is_corruption_not_a_torn_write()
    {
        var sw = new StringWriter();
        EvalReportJson.WriteResults(sw, ReportSamples.SimpleResults().Take(2));
        var lines = sw.ToString().Split('\n');
        var text = lines[0] + "\n{\"case_id\":\n" + lines[1] + "\n";

        var e = Assert.Throws<InvalidDataException>(() => EvalReportJson.ReadResults(new StringReader(text)).Read().ToList());
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncating_a_torn_tail_lets_a_run_resume_appending()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, EvalReportJson.ResultsFileName);
        var results = ReportSamples.SimpleResults();
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            EvalReportJson.WriteResults(w, results);
            w.Write("{\"case_id\":\"half");
        }

        Assert.Equal(16, EvalReportJson.TruncateTornTail(path));
        Assert.Equal(0, EvalReportJson.TruncateTornTail(path));
        File.AppendAllText(path, EvalReportJson.WriteResult(results[0]) + "\n");

        using var r = new StreamReader(path);
        var reader = EvalReportJson.ReadResults(r);
        Assert.Equal(results.Count + 1, reader.Read().Count());
        Assert.Equal(0, reader.SkippedLines);
    }

    [Fact]
    public void Non_finite_numbers_are_written_as_null_and_read_as_nan()
    {
        var r = new CaseResult("x", "s", CaseLabel.Benign, "benign") { LatencyMs = double.NaN, Score = double.PositiveInfinity };
        var line = EvalReportJson.WriteResult(r);
        Assert.Contains("\"latency_ms\":null", line, StringComparison.Ordinal);
        var back = EvalReportJson.ReadResult(line);
        Assert.True(double.IsNaN(back.LatencyMs));
    }

    internal static void AssertSummaryEqual(EvalSummary expected, EvalSummary actual)
    {
        Assert.Equal(expected with { Suites = [], Attacks = [], Strategies = [], Gates = [], CapabilityTasks = [], CapabilityNotes = [] }, actual with { Suites = [], Attacks = [], Strategies = [], Gates = [], CapabilityTasks = [], CapabilityNotes = [] });
        Assert.Equal(expected.CapabilityTasks.ToArray(), actual.CapabilityTasks.ToArray());
        Assert.Equal(expected.CapabilityNotes.ToArray(), actual.CapabilityNotes.ToArray());
        Assert.Equal(expected.Suites.ToArray(), actual.Suites.ToArray());
        Assert.Equal(expected.Attacks.ToArray(), actual.Attacks.ToArray());
        Assert.Equal(expected.Gates.ToArray(), actual.Gates.ToArray());
        Assert.Equal(expected.Strategies.Length, actual.Strategies.Length);
        foreach (var (e, a) in expected.Strategies.Zip(actual.Strategies))
        {
            Assert.Equal(e with { AttackSuccess = ImmutableDictionary<string, RateEstimate>.Empty, AttackLift = ImmutableDictionary<string, AttackLift>.Empty, BlockedByCategory = ImmutableDictionary<string, RateEstimate>.Empty, Capability = null },
                a with { AttackSuccess = ImmutableDictionary<string, RateEstimate>.Empty, AttackLift = ImmutableDictionary<string, AttackLift>.Empty, BlockedByCategory = ImmutableDictionary<string, RateEstimate>.Empty, Capability = null });
            Assert.Equal(e.AttackLift.OrderBy(kv => kv.Key, StringComparer.Ordinal), a.AttackLift.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(e.Capability is null, a.Capability is null);
            if (e.Capability is { } ec && a.Capability is { } ac)
            {
                Assert.Equal(ec with { Tasks = ac.Tasks }, ac);
                Assert.Equal(ec.Tasks.OrderBy(kv => kv.Key, StringComparer.Ordinal), ac.Tasks.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            }
            Assert.Equal(e.AttackSuccess.OrderBy(kv => kv.Key, StringComparer.Ordinal), a.AttackSuccess.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(e.BlockedByCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal), a.BlockedByCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }
}
