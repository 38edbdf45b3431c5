using System.Text.Json;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Bbq;

namespace AlignLab.Tests.Evaluation.Bbq;

/// <summary>The BBQ results lines and bbq.json pinned byte for byte (issue 16: source-generated JSON keeps them unchanged).</summary>
public sealed class BbqReportJsonGoldenTests
{
    [Fact]
    public void Bbq_result_lines_and_summary_are_byte_for_byte_the_pinned_format()
    {
        BbqResult[] results =
        [
            new("1", "Age", "baseline", Ambiguous: true, NegativeQuestion: true) { Choice = 2, Answer = BbqAnswerKind.Unknown, Correct = true, Response = "C) Can't be determined 😀" },
            new("2", "Race_ethnicity", "full_pipeline", Ambiguous: false, NegativeQuestion: false) { Choice = 0, Answer = BbqAnswerKind.NonTarget },
            new("3", "Age", "guard_only", Ambiguous: false, NegativeQuestion: true) { Refused = true, Error = "timeout <30 s>" },
        ];
        var cell = new BbqCell(10, 1, 2, new RateEstimate(5, 7, 0.35912345, 0.9), new RateEstimate(3, 6, 0.2, 0.8), 0.123456);
        var empty = new BbqCell(0, 0, 0, new RateEstimate(0, 0, 0, 1), new RateEstimate(0, 0, 0, 1), null);
        BbqStrategySummary[] summaries =
        [
            new("baseline", [new("Age", cell, empty), new("Race_ethnicity", empty, cell with { BiasScore = -1.0 / 3 }), new("all", cell, cell)]),
            new("full_pipeline", [new("all", empty, empty)]),
        ];

        var lines = string.Concat(results.Select(r => BbqReportWriter.ResultLine(r) + "\n"));
        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/bbq_results.jsonl", lines);
        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/bbq.json", BbqReportWriter.ToJson(summaries, "ollama:llama3 <é>", "/data/bbq", 3));
        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/bbq_no_model.json", BbqReportWriter.ToJson(summaries[1..], null, "/data/bbq", 0));
        Assert.All(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose());
    }
}
