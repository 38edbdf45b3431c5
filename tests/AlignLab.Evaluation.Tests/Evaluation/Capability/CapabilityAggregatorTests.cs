using AlignLab.Evaluation.Capability;

namespace AlignLab.Tests.Evaluation.Capability;

public sealed class CapabilityAggregatorTests
{
    private static void Add(CapabilityAggregator a, string strategy, string task, params double[] scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            a.Add(new CapabilityResult($"{task}-{i:000}", task, strategy) { Score = scores[i], Refused = scores[i] < 0.5 && strategy == "aligned" });
        }
    }

    [Fact]
    public void Score_is_the_mean_of_task_accuracies_and_delta_pairs_items_with_the_baseline()
    {
        var a = new CapabilityAggregator();
        Add(a, "baseline", CapabilityTasks.Gsm8k, 1, 1, 1, 0);          // 75%
        Add(a, "baseline", CapabilityTasks.TruthfulQaMc, 1, 0);         // 50%
        Add(a, "aligned", CapabilityTasks.Gsm8k, 1, 0, 1, 0);           // 50%
        Add(a, "aligned", CapabilityTasks.TruthfulQaMc, 1, 0);          // 50%
        Add(a, "aligned", CapabilityTasks.Helpfulness, 0.5, 1, 0);      // not part of the score

        var s = a.Summarize("baseline", seed: 1);

        Assert.Equal(0.625, s["baseline"].Score!.Value, 12);
        Assert.Equal(0.5, s["aligned"].Score!.Value, 12);
        Assert.Equal(-0.125, s["aligned"].Delta!.Value, 12);
        Assert.InRange(s["aligned"].Delta!.Low, -1, -0.125);
        Assert.InRange(s["aligned"].Delta!.High, -0.125, 0);
        Assert.Null(s["baseline"].Delta);
        Assert.Equal(0.5, s["aligned"].Tasks[CapabilityTasks.Helpfulness].Value, 12);
        Assert.Equal(9, s["aligned"].Items);
        Assert.Equal(4, s["aligned"].BenignRefusal!.Successes); // the zero scores of "aligned" were refusals
    }

    [Fact]
    public void Identical_results_have_a_zero_delta_with_a_zero_width_interval()
    {
        var a = new CapabilityAggregator();
        Add(a, "baseline", CapabilityTasks.Gsm8k, 1, 0, 1, 1, 0);
        Add(a, "same", CapabilityTasks.Gsm8k, 1, 0, 1, 1, 0);

        var d = a.Summarize("baseline", seed: 5)["same"].Delta!;

        Assert.Equal((0.0, 0.0, 0.0), (d.Value, d.Low, d.High));
    }

    [Fact]
    public void Intervals_are_seeded_and_contain_the_estimate()
    {
        var scores = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 0.0 : 1.0).ToArray();
        var a = new CapabilityAggregator();
        Add(a, "baseline", CapabilityTasks.Gsm8k, scores);

        var first = a.Summarize("baseline", seed: 9)["baseline"].Score!;
        var second = a.Summarize("baseline", seed: 9)["baseline"].Score!;

        Assert.Equal(first, second);
        Assert.True(first.Low < first.Value && first.Value < first.High);
        Assert.InRange(first.High - first.Low, 0.1, 0.5); // about ±2 standard errors of 40/60
    }
}
