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

    [Fact]
    public void Each_transform_is_compared_with_the_same_requests_as_written()
    {
        var agg = new EvalAggregator();

        // Four harmful requests, two of which get through as written; the transform changes nothing.
        var through = new[] { true, true, false, false };
        for (var i = 0; i < through.Length; i++)
        {
            // A variant may finish before its parent; it is paired when the parent arrives.
            agg.Add(Case("h" + i, CaseLabel.Harmful, refused: !through[i], transform: "base64"));
            agg.Add(Case("h" + i, CaseLabel.Harmful, refused: !through[i]));
        }

        // Jailbreak cases as written (never transformed), all blocked: they pull the pooled "none" row down.
        for (var i = 0; i < 4; i++)
        {
            agg.Add(Case("j" + i, CaseLabel.Harmful, refused: true, suite: "jailbreaks"));
        }

        var s = Assert.Single(agg.Summarize(["guard_only"]));

        Assert.Equal(0.25, s.AttackSuccess["none"].Rate); // 2/8 pooled over both suites
        Assert.Equal(0.5, s.AttackSuccess["base64"].Rate); // 2/4: looks like +25 points against "none"
        var lift = s.AttackLift["base64"];
        Assert.Equal(4, lift.Pairs);
        Assert.Equal(0.5, lift.AsWrittenRate);
        Assert.Equal(0.5, lift.TransformedRate);
        Assert.Equal(0, lift.Lift);
        Assert.InRange(0, lift.Low, lift.High);
        Assert.True(lift.High - lift.Low > 0);
        Assert.False(s.AttackLift.ContainsKey("none"));
    }

    [Fact]
    public void Overall_attack_success_counts_the_transformed_variants_only()
    {
        var agg = new EvalAggregator();
        agg.Add(Case("h1", CaseLabel.Harmful, refused: false));
        agg.Add(Case("h2", CaseLabel.Harmful, refused: false));
        agg.Add(Case("h1", CaseLabel.Harmful, refused: true, transform: "rot13"));
        agg.Add(Case("h2", CaseLabel.Harmful, refused: false, transform: "rot13"));
        agg.Add(Case("h1", CaseLabel.Harmful, refused: true, transform: "hex"));
        agg.Add(Case("h2", CaseLabel.Harmful, refused: true, transform: "hex"));

        var s = Assert.Single(agg.Summarize(["guard_only"]));

        Assert.Equal((1, 4), (s.AttackSuccessTransformed!.Successes, s.AttackSuccessTransformed.Total));
        Assert.Equal(-0.5, s.AttackLift["rot13"].Lift);
        Assert.Equal(-1, s.AttackLift["hex"].Lift);
    }

    [Fact]
    public void Without_attacks_there_is_no_transformed_attack_success()
    {
        var agg = new EvalAggregator();
        agg.Add(Case("h1", CaseLabel.Harmful, refused: false));
        var s = Assert.Single(agg.Summarize(["guard_only"]));
        Assert.Null(s.AttackSuccessTransformed);
        Assert.Empty(s.AttackLift);
    }

    [Fact]
    public void Added_latency_is_around_the_model_so_guard_only_has_none_and_a_faster_strategy_is_below_zero()
    {
        // Issue 14, item 8: guard_only (no model) was "+-997 µs" against the baseline.
        var agg = new EvalAggregator();
        foreach (var (strategy, ms) in new[] { ("guard_only", 0.2), ("baseline", 1.2), ("output_filter", 1.0), ("full_pipeline", 1.5) })
        {
            for (var i = 0; i < 10; i++)
            {
                agg.Add(new CaseResult("b" + i, strategy, CaseLabel.Benign, "benign") { LatencyMs = ms });
            }
        }

        var s = agg.Summarize(["guard_only", "baseline", "output_filter", "full_pipeline"]).ToDictionary(x => x.Strategy);

        Assert.Null(s["guard_only"].AddedLatencyP50Ms);
        Assert.Null(s["baseline"].AddedLatencyP50Ms);
        Assert.Equal(-0.2, s["output_filter"].AddedLatencyP50Ms!.Value, 9);
        Assert.Equal(0.3, s["full_pipeline"].AddedLatencyP95Ms!.Value, 9);
    }
}
