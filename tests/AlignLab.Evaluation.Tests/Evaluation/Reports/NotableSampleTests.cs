using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Tests.Evaluation.Reports;

public sealed class NotableSampleTests
{
    private static List<CaseResult> Results()
    {
        var results = new List<CaseResult>();
        for (var i = 0; i < 500; i++)
        {
            results.Add(new CaseResult($"h{i}", "guard_only", CaseLabel.Harmful, "harmful") { Refused = false }); // harmful answered
        }

        for (var i = 0; i < 300; i++)
        {
            results.Add(new CaseResult($"h{i}~base64", "guard_only", CaseLabel.Harmful, "harmful") { Transform = "base64", Refused = false });
            results.Add(new CaseResult($"h{i}~hex", "guard_only", CaseLabel.Harmful, "harmful") { Transform = "hex", Refused = true }); // blocked: not notable
        }

        for (var i = 0; i < 6; i++)
        {
            results.Add(new CaseResult($"c{i}", "guard_only", CaseLabel.Contrast, "contrast") { Refused = true });
        }

        results.Add(new CaseResult("b1", "guard_only", CaseLabel.Benign, "benign") { Error = "boom" });
        results.Add(new CaseResult("b2", "guard_only", CaseLabel.Benign, "benign") { Refused = false }); // answered: not notable
        return results;
    }

    [Fact]
    public void The_capacity_is_shared_across_kinds_and_small_kinds_are_shown_whole()
    {
        var sample = new NotableSample(200);
        foreach (var r in Results())
        {
            sample.Add(r);
        }

        var shown = sample.Select();

        Assert.Equal(200, shown.Count);
        Assert.Equal(807, sample.Total);
        var kinds = shown.GroupBy(r => NotableSample.KindOf(r)).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(1, kinds["error"]);
        Assert.Equal(6, kinds["over-refusal"]);
        Assert.Equal(97, kinds["harmful answered"]); // (200 − 1 − 6) split between the two large kinds
        Assert.Equal(96, kinds["attack succeeded"]);
        Assert.Equal("error", NotableSample.KindOf(shown[0])); // errors first
        Assert.Equal("Showing 200 of 807 notable cases, an even share of each kind (error 1; harmful answered 500; attack succeeded 300; over-refusal 6); results.jsonl has them all.", sample.Describe(shown.Count));
    }

    [Fact]
    public void The_choice_does_not_depend_on_arrival_order()
    {
        var results = Results();
        var forward = new NotableSample(50);
        var shuffled = new NotableSample(50);
        foreach (var r in results)
        {
            forward.Add(r);
        }

        foreach (var r in results.OrderBy(_ => Random.Shared.Next()))
        {
            shuffled.Add(r);
        }

        Assert.Equal(forward.Select().Select(r => r.CaseId), shuffled.Select().Select(r => r.CaseId));
        // Spread over the suite rather than its first rows.
        Assert.Contains(forward.Select(), r => NotableSample.KindOf(r) == "harmful answered" && int.Parse(r.CaseId[1..], System.Globalization.CultureInfo.InvariantCulture) >= 250);
    }
}
