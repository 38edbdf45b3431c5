using AlignLab.Evaluation;

namespace AlignLab.Tests.Evaluation;

public sealed class EvalAggregatorTests
{
    private static CaseResult Case(string id, CaseLabel label, bool refused, string suite = "harmful", string? transform = null, string? category = "violent_crimes") =>
        new(transform is null ? id : id + "~" + transform, "guard_only", label, suite) { Refused = refused, Transform = transform, ParentId = transform is null ? null : id, Category = label == CaseLabel.Harmful ? category : null };

    [Fact]
    public void Rates_at_zero_and_one_hundred_percent_keep_an_interval_of_positive_width()
    {
        var agg = new EvalAggregator();
        for (var i = 0; i < 200; i++)
        {
            agg.Add(Case("b" + i, CaseLabel.Benign, refused: false, suite: "benign"));
        }

        agg.Add(Case("h1", CaseLabel.Harmful, refused: true));
        agg.Add(Case("h2", CaseLabel.Harmful, refused: true));
        var s = Assert.Single(agg.Summarize(["guard_only"]));

        // 0/200 false positives: 95% Wilson 0.0–1.9%, not 0.0–0.0%.
        Assert.Equal(0, s.FalsePositives!.Low);
        Assert.Equal(0.01885, s.FalsePositives.High, tolerance: 1e-5);

        // 2/2 blocked: 34.2–100%, not 100–100%.
        Assert.Equal(0.34238, s.HarmfulBlocked!.Low, tolerance: 1e-5);
        Assert.Equal(1, s.HarmfulBlocked.High);
        Assert.True(s.BlockedByCategory["violent_crimes"].Low < 1);
    }
}
