using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation;

/// <summary>The fingerprint <c>report --compare</c> uses to tell the same test set from another one (issue 14, item 10).</summary>
public sealed class CaseSetFingerprintTests
{
    private static string Of(IEnumerable<EvalCase> cases)
    {
        var f = new CaseSetFingerprint();
        foreach (var c in cases)
        {
            f.Add(c);
        }

        return f.ToString();
    }

    [Fact]
    public void The_same_cases_in_any_order_give_the_same_fingerprint()
    {
        var cases = BundledSuites.Open(BundledSuites.Benign).Concat(BundledSuites.Open(BundledSuites.Harmful)).ToList();

        var forward = Of(cases);

        Assert.Equal(forward, Of(Enumerable.Reverse(cases)));
        Assert.Equal(forward, Of(cases.OrderBy(c => c.Text, StringComparer.Ordinal)));
        Assert.StartsWith("396:", forward, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_reworded_relabelled_recategorised_or_dropped_changes_it()
    {
        var cases = BundledSuites.Open(BundledSuites.Harmful).ToList();
        var original = Of(cases);
        var first = cases[0];

        Assert.NotEqual(original, Of([first with { Text = first.Text + "!" }, .. cases.Skip(1)]));
        Assert.NotEqual(original, Of([first with { Label = CaseLabel.Benign }, .. cases.Skip(1)]));
        Assert.NotEqual(original, Of([first with { Category = "hate" }, .. cases.Skip(1)]));
        Assert.NotEqual(original, Of([first with { Transform = "base64" }, .. cases.Skip(1)]));
        Assert.NotEqual(original, Of(cases.Skip(1)));
        Assert.NotEqual(Of([first, first]), Of([])); // a repeated case does not cancel out
    }
}
