using AlignLab.Evaluation.Capability;

namespace AlignLab.Tests.Evaluation.Capability;

/// <summary>capability.jsonl lines pinned byte for byte (issue 16: source-generated JSON keeps the file unchanged).</summary>
public sealed class CapabilityResultJsonGoldenTests
{
    [Fact]
    public void Capability_result_lines_are_byte_for_byte_the_pinned_format()
    {
        CapabilityResult[] results =
        [
            new("gsm8k-001", CapabilityTasks.Gsm8k, "baseline") { Score = 1, LatencyMs = 812.34567 },
            new("help-7", CapabilityTasks.Helpfulness, "full_pipeline")
            {
                Score = 0.625,
                Refused = true,
                LatencyMs = 0.0004,
                Detail = "judge: 5/8 \"ok\"",
                Error = "timeout <30 s>",
                Response = "Réponse 日本語 😀\nsecond line",
            },
        ];

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/capability.jsonl", string.Concat(results.Select(r => CapabilityResultJson.Write(r) + "\n")));
    }
}
