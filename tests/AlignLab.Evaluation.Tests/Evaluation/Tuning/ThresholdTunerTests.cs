using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;
using AlignLab.Evaluation.Tuning;

namespace AlignLab.Tests.Evaluation.Tuning;

public sealed class ThresholdTunerTests
{
    private static readonly SafetyClassifier Classifier = SafetyClassifier.Default!;

    private static List<EvalCase> Validation() =>
        [.. BundledSuites.Open(BundledSuites.Harmful).Concat(BundledSuites.Open(BundledSuites.Benign)).Concat(BundledSuites.Open(BundledSuites.Contrast))];

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void Classifier_false_positives_stay_within_the_budget(double target)
    {
        var (result, tuned) = ThresholdTuner.Tune(ConstitutionLoader.LoadDefault(), Classifier, Validation(), target);

        var flaggedAfter = result.Categories.Sum(c => c.BenignFlaggedAfter);
        Assert.True(flaggedAfter <= Math.Floor(target * result.Benign) + 0.0001, $"{flaggedAfter} benign flags for a budget of {target * result.Benign:0.0}");
        Assert.All(result.Categories, c => Assert.Equal(c.NewThreshold, tuned.Categories[c.Category].Threshold));
        Assert.EndsWith("-tuned", tuned.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_looser_budget_never_lowers_recall()
    {
        var strict = ThresholdTuner.Tune(ConstitutionLoader.LoadDefault(), Classifier, Validation(), 0.005).Result;
        var loose = ThresholdTuner.Tune(ConstitutionLoader.LoadDefault(), Classifier, Validation(), 0.1).Result;
        Assert.True(loose.RecallAfter >= strict.RecallAfter);
        Assert.True(loose.Categories.Sum(c => c.HarmfulFlaggedAfter) >= strict.Categories.Sum(c => c.HarmfulFlaggedAfter));
    }

    [Fact]
    public void The_overlay_includes_the_original_and_loads_with_the_new_thresholds()
    {
        using var dir = new TempDir();
        var original = dir.Write("policy.yaml", "constitutional_ai:\n  name: mine\n  categories:\n    hate: {threshold: 0.9, action: block, message: \"No.\"}\n    violent_crimes: {threshold: 0.9, action: refuse_politely, message: \"No.\"}\n");
        var (result, _) = ThresholdTuner.Tune(ConstitutionLoader.LoadFile(original).GetOrThrow(), Classifier, Validation(), 0.02);
        var overlay = dir.Write("policy.tuned.yaml", PolicyOverlayWriter.Write(result, "policy.yaml", "mine-tuned", DateTimeOffset.UnixEpoch));

        var loaded = ConstitutionLoader.LoadFile(overlay).GetOrThrow();
        Assert.Equal("mine-tuned", loaded.Name);
        foreach (var c in result.Categories)
        {
            Assert.Equal(c.NewThreshold, loaded.Categories[c.Category].Threshold, 3);
        }

        Assert.Equal(AlignmentAction.Block, loaded.Categories["hate"].Action); // everything but the threshold comes from the original
        Assert.Equal("No.", loaded.Categories["hate"].Message);
    }

    [Fact]
    public void Needs_both_labels_and_a_sane_target()
    {
        var benignOnly = BundledSuites.Open(BundledSuites.Benign).ToList();
        Assert.Throws<ArgumentException>(() => ThresholdTuner.Tune(ConstitutionLoader.LoadDefault(), Classifier, benignOnly, 0.02));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdTuner.Tune(ConstitutionLoader.LoadDefault(), Classifier, Validation(), 1.5));
    }

    [Fact]
    public void Measured_on_the_cases_it_was_tuned_on_the_effect_is_the_tuning_result_and_on_held_out_cases_it_has_intervals()
    {
        var original = ConstitutionLoader.LoadDefault();
        var (tuning, heldOut) = SuiteSplit.Split(Validation(), 0.5, seed: 7);
        var (result, tuned) = ThresholdTuner.Tune(original, Classifier, tuning, 0.02);

        var inSample = ThresholdTuner.Measure(original, tuned, Classifier, tuning);
        var outOfSample = ThresholdTuner.Measure(original, tuned, Classifier, heldOut);

        Assert.Equal(result.FprAfter, inSample.FalsePositivesAfter!.Rate, 9);
        Assert.Equal(result.RecallBefore, inSample.HarmfulBlockedBefore!.Rate, 9);
        Assert.Equal(heldOut.Count(c => c.Label == CaseLabel.Harmful), outOfSample.Harmful);
        Assert.Equal(outOfSample.Harmful, outOfSample.HarmfulBlockedAfter!.Total);
        Assert.True(outOfSample.FalsePositivesAfter!.Low <= outOfSample.FalsePositivesAfter.Rate && outOfSample.FalsePositivesAfter.Rate < outOfSample.FalsePositivesAfter.High);
    }
}
