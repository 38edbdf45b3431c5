using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;
using AlignLab.Evaluation.Tuning;

namespace AlignLab.Tests.Evaluation.Tuning;

/// <summary>Issue 14, item 9: tune chose thresholds and measured them on the same cases; the split gives it cases it did not see.</summary>
public sealed class SuiteSplitTests
{
    private static List<EvalCase> Bundled() =>
        [.. BundledSuites.Open(BundledSuites.Harmful).Concat(BundledSuites.Open(BundledSuites.Benign)).Concat(BundledSuites.Open(BundledSuites.Contrast))];

    private static HashSet<string> Ids(IEnumerable<EvalCase> cases) => [.. cases.Select(c => c.Suite + "/" + c.Id)];

    [Fact]
    public void The_parts_are_disjoint_cover_every_case_and_are_split_half_and_half_within_each_label_and_category()
    {
        var cases = Bundled();

        var (tuning, heldOut) = SuiteSplit.Split(cases, 0.5, seed: 7);

        Assert.Empty(Ids(tuning).Intersect(Ids(heldOut)));
        Assert.Equal(Ids(cases), Ids(tuning).Union(Ids(heldOut)).ToHashSet());
        Assert.InRange(heldOut.Count, cases.Count / 2, (cases.Count / 2) + 1);
        foreach (var group in cases.GroupBy(c => (c.Label, c.Category)))
        {
            var held = heldOut.Count(c => c.Label == group.Key.Label && c.Category == group.Key.Category);
            Assert.InRange(held, (group.Count() / 2.0) - 1, (group.Count() / 2.0) + 1);
        }
    }

    [Fact]
    public void The_same_cases_and_seed_give_the_same_parts_in_any_order_and_another_seed_other_parts()
    {
        var cases = Bundled();
        var shuffled = cases.OrderBy(c => c.Text.Length).ThenByDescending(c => c.Id, StringComparer.Ordinal).ToList();

        var a = SuiteSplit.Split(cases, 0.5, seed: 7);
        var b = SuiteSplit.Split(shuffled, 0.5, seed: 7);
        var c = SuiteSplit.Split(cases, 0.5, seed: 8);

        Assert.Equal(Ids(a.HeldOut), Ids(b.HeldOut));
        Assert.NotEqual(Ids(a.HeldOut), Ids(c.HeldOut));
        Assert.Equal(a.HeldOut.Count, c.HeldOut.Count);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 136)]
    [InlineData(1.0, 546)]
    public void The_held_out_share_is_the_fraction_asked_for(double fraction, int expected)
    {
        var (tuning, heldOut) = SuiteSplit.Split(Bundled(), fraction, seed: 7);

        Assert.Equal(expected, heldOut.Count);
        Assert.Equal(546 - expected, tuning.Count);
    }

    [Fact]
    public void A_fraction_outside_zero_to_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SuiteSplit.Split(Bundled(), 1.5, seed: 7));
}
