using System.Collections.Immutable;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Capability;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

/// <summary>
/// summary.json and results.jsonl pinned byte for byte (issue 16: the move to source-generated JSON keeps the files users
/// and tools read unchanged). Regenerate with ALIGNLAB_UPDATE_GOLDEN=1 only for a deliberate format change.
/// </summary>
public sealed class EvalReportJsonGoldenTests
{
    private const string Unicode = "café \"quoted\" <b>&</b> 日本語 😀 tab\there\u0001";

    [Fact]
    public void Summary_json_is_byte_for_byte_the_pinned_format()
    {
        var simple = ReportSamples.Simple(hostileCategory: ReportSamples.Hostile);
        var capability = new CapabilitySummary
        {
            Score = new ScoreInterval(0.74, 0.69, 0.79, 100),
            Delta = new ScoreInterval(-0.06, -0.11, -0.02, 100),
            BenignRefusal = ReportSamples.R(6, 100, 0, 0.1),
            Tasks = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ScoreInterval>
            {
                [CapabilityTasks.Helpfulness] = new(0.4, 0.3, 0.5, 40),
                [CapabilityTasks.Gsm8k] = new(0.1 + 0.2, 1e-7, 1e21, 50),
            }),
            Items = 140,
            Errors = 2,
        };
        var summary = simple with
        {
            Model = "openai:m@http://x/v1",
            CaseSet = "120:0123456789abcdef0123456789abcdef",
            Policy = Unicode,
            DurationSeconds = double.NaN,
            Strategies =
            [
                simple.Strategies[0] with
                {
                    AddedLatencyP50Ms = 0.25,
                    AddedLatencyP95Ms = double.PositiveInfinity,
                    Tokens = long.MaxValue,
                    LatencyP95Ms = double.NaN,
                    Capability = capability,
                },
                simple.Strategies[1],
                new StrategySummary("baseline", true) { HarmfulBlocked = ReportSamples.R(0, 0, double.NaN, double.NaN), Capability = capability with { Delta = null, BenignRefusal = null } },
            ],
            Gates = [.. simple.Gates, new GateResult("latency_p95_ms", "over", 12.5, null, true)],
            CapabilityTasks = [CapabilityTasks.Gsm8k, CapabilityTasks.Helpfulness],
            CapabilityNotes = ["humaneval: skipped: python3 is not installed", Unicode],
        };

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/summary.json", EvalReportJson.WriteSummary(summary));
        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/summary_simple.json", EvalReportJson.WriteSummary(ReportSamples.Simple()));
    }

    [Fact]
    public void Results_jsonl_is_byte_for_byte_the_pinned_format()
    {
        var results = ReportSamples.SimpleResults().Concat(
        [
            new CaseResult("every~field", "full_pipeline", CaseLabel.Harmful, "jailbreaks")
            {
                Category = Unicode,
                ParentId = "every",
                Transform = "base64",
                Refused = true,
                Intervened = true,
                Action = "block",
                Score = 1.0 / 3,
                ResponseScore = 0,
                LatencyMs = 1234.5678,
                GuardMs = 1e-9,
                Tokens = 42,
                Error = "boom",
                Prompt = Unicode,
                Response = "line1\nline2\r\n",
                TraceJson = "{\"why\":\"rule \\\"x\\\"\"}",
            },
            new CaseResult("nan", "guard_only", CaseLabel.Contrast, "contrast") { Score = double.NaN, LatencyMs = double.NegativeInfinity, GuardMs = -0.0 },
        ]);
        var sw = new StringWriter();
        EvalReportJson.WriteResults(sw, results);

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/results.jsonl", sw.ToString());
    }
}
