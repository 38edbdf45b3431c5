using AlignLab.Evaluation.Profiling;

namespace AlignLab.Tests.Evaluation.Profiling;

/// <summary>The <c>alignlab profile --json</c> document pinned byte for byte (issue 16: source-generated JSON keeps it unchanged).</summary>
public sealed class GuardProfileJsonGoldenTests
{
    [Fact]
    public void Guard_profile_json_is_byte_for_byte_the_pinned_format()
    {
        StageTiming[] stages =
        [
            new(StageTiming.Normalize, 300, 1.23456, 4.5678, 2.0 / 3, 99.999, 0.123456),
            new(StageTiming.Classify, 0, null, double.NaN, 0, null, 0),
            new(StageTiming.Evaluate, 300, 10, 20, 15.5, 40, 1),
        ];
        var profile = new GuardProfile
        {
            Policy = "examples/default_constitution.yaml <café>",
            Classifier = true,
            Cases = 100,
            Repeat = 3,
            WarmUp = false,
            CasesPerSecond = 12345.6789,
            Stages = stages,
            Buckets =
            [
                new LengthBucket("0-64", 0, 64, 40, stages),
                new LengthBucket("4096+", 4096, null, 2, []),
            ],
        };

        GoldenFile.AssertMatches("tests/AlignLab.Evaluation.Tests/Golden/profile.json", GuardProfileJson.Write(profile));
    }
}
