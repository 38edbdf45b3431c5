using AlignLab.Evaluation;
using AlignLab.Evaluation.Analysis;

namespace AlignLab.Tests.Evaluation.Analysis;

/// <summary>The <c>alignlab analyze --json</c> report pinned byte for byte (issue 16: source-generated JSON keeps it unchanged).</summary>
public sealed class FalsePositiveReportJsonGoldenTests
{
    [Fact]
    public void False_positive_report_json_is_byte_for_byte_the_pinned_format()
    {
        var report = new FalsePositiveReport
        {
            Policy = "policy.yaml",
            Classifier = true,
            Context = "medical <ward>",
            Profile = null,
            Cases = 3,
            SkippedHarmful = 1,
            HarmfulChecked = 12,
            FalsePositives = 2,
            Causes =
            [
                new FalsePositiveCause
                {
                    Kind = FalsePositiveCauseKind.Rule,
                    Id = "no_kill",
                    Action = "refuse_politely",
                    Count = 2,
                    Share = 2.0 / 3,
                    Phrases = [new("kill", 2), new("tuer \"ça\"", 1)],
                    Examples = [new("b1", "benign", CaseLabel.Benign, "refuse_politely", "how do I kill a process? 日本語")],
                    UnlessCandidates = [new("kill a process", 2)],
                    RejectedCandidates = [new("kill", 1, ["h1", "h2"])],
                    HarmfulChecked = 12,
                    NeverRelaxed = false,
                    ExistingUnless = "kill time",
                    Suggestion = "add unless: [\"kill a process\"]",
                },
                new FalsePositiveCause
                {
                    Kind = FalsePositiveCauseKind.Classifier,
                    Id = "violence",
                    Action = "block",
                    Count = 1,
                    Share = 1.0 / 3,
                    Phrases = [],
                    Examples = [new("c1", "contrast", CaseLabel.Contrast, "block", "history of the war")],
                    NeverRelaxed = true,
                    Threshold = 0.7,
                    Scores = new ScoreQuantiles(0.71, 0.72, 0.8, 0.85, 0.9),
                    ThresholdClearingAll = 0.9000001,
                    Suggestion = "raise the threshold above 0.9",
                },
                new FalsePositiveCause
                {
                    Kind = FalsePositiveCauseKind.Failure,
                    Id = "classifier_error",
                    Action = "block",
                    Count = 0,
                    Share = 0,
                    Phrases = [],
                    Examples = [],
                    Threshold = double.NaN,
                    Suggestion = "fix the classifier",
                },
            ],
        };

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/false_positives.json", FalsePositiveReportJson.Write(report));
    }
}
