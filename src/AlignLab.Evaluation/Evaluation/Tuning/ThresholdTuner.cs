using System.Collections.Immutable;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Evaluation.Tuning;

/// <summary>
/// Chooses per-category classifier thresholds for a target false-positive rate on a labelled validation suite.
/// A category flags a text when the classifier's unsafe head passes its calibrated threshold and the category's
/// score reaches the category threshold. The false-positive budget is split evenly over the categories whose action
/// stops the exchange, and each gets the lowest threshold whose benign flag rate stays within its share, so the
/// classifier's combined false-positive rate cannot exceed the target (a union bound). Rules are not changed: their
/// false positives are reported separately.
/// </summary>
public static class ThresholdTuner
{
    /// <summary>Tunes <paramref name="constitution"/>'s category thresholds on <paramref name="cases"/>.</summary>
    public static (TuningResult Result, Constitution Tuned) Tune(Constitution constitution, SafetyClassifier classifier, IEnumerable<EvalCase> cases, double targetFpr, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(cases);
        if (targetFpr is <= 0 or >= 1 || double.IsNaN(targetFpr))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFpr), "the target false-positive rate must be between 0 and 1");
        }

        var list = cases.ToList();
        var gate = classifier.UnsafeThreshold;
        var scored = list.Select(c => (Case: c, Scores: classifier.Classify(c.Text))).ToList();
        var benign = scored.Where(s => s.Case.Label != CaseLabel.Harmful).ToList();
        var harmful = scored.Where(s => s.Case.Label == CaseLabel.Harmful).ToList();
        if (benign.Count == 0 || harmful.Count == 0)
        {
            throw new ArgumentException("tuning needs both harmful and benign (or contrast) cases");
        }

        var stopping = constitution.Categories.Values.Where(p => p.Enabled && p.Action.IsTerminal() && (p.Stages & PolicyStage.Input) != 0).ToList();
        var share = targetFpr / Math.Max(1, stopping.Count);
        var allowed = (int)Math.Floor(share * benign.Count);
        var tunings = new List<CategoryTuning>();
        var categories = constitution.Categories;
        foreach (var policy in stopping.OrderBy(p => p.Category.Id, StringComparer.Ordinal))
        {
            var index = SafetyLabels.IndexOf(policy.Category);
            double Score((EvalCase Case, SafetyScores Scores) s) => s.Scores.Unsafe >= gate ? s.Scores[index] : -1;
            var benignScores = benign.Select(Score).Where(v => v >= 0).OrderDescending().ToList();

            // The lowest threshold that flags at most `allowed` benign cases: just above the (allowed+1)-th highest
            // benign score, never below 0.05 (a floor against flagging everything on small suites).
            var threshold = benignScores.Count <= allowed ? 0.05 : Math.Max(0.05, Math.Min(0.999, NextUp(benignScores[allowed])));
            threshold = Math.Round(threshold, 3, MidpointRounding.ToPositiveInfinity);
            int Count(List<(EvalCase Case, SafetyScores Scores)> set, double t) => set.Count(s => Score(s) >= t);
            tunings.Add(new CategoryTuning(policy.Category.Id, policy.Threshold, threshold, Count(benign, policy.Threshold), Count(benign, threshold), Count(harmful, policy.Threshold), Count(harmful, threshold)));
            categories = categories.SetItem(policy.Category.Id, policy with { Threshold = threshold });
        }

        var tuned = constitution with { Name = constitution.Name + "-tuned", Categories = categories };
        var before = new RuleEngine(constitution, classifier: classifier);
        var after = new RuleEngine(tuned, classifier: classifier);
        var rulesOnly = new RuleEngine(constitution);
        var evaluation = options ?? EvaluationOptions.Default;
        double Rate(RuleEngine engine, List<(EvalCase Case, SafetyScores Scores)> set) =>
            set.Count(s => engine.Evaluate(s.Case.Text, PolicyStage.Input, evaluation).Action.IsTerminal()) / (double)set.Count;

        var result = new TuningResult(targetFpr, benign.Count, harmful.Count, tunings)
        {
            FprBefore = Rate(before, benign),
            FprAfter = Rate(after, benign),
            RecallBefore = Rate(before, harmful),
            RecallAfter = Rate(after, harmful),
            BenignStoppedByRules = benign.Count(s => rulesOnly.Evaluate(s.Case.Text, PolicyStage.Input, evaluation).Action.IsTerminal()),
        };
        return (result, tuned);
    }

    /// <summary>
    /// Measures <paramref name="tuned"/> against <paramref name="original"/> on <paramref name="cases"/>, which should be
    /// cases the thresholds were not chosen on (the held-out part of a <see cref="SuiteSplit"/>).
    /// </summary>
    public static TuningEffect Measure(Constitution original, Constitution tuned, SafetyClassifier classifier, IEnumerable<EvalCase> cases, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(tuned);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(cases);
        var list = cases.ToList();
        var benign = list.Where(c => c.Label != CaseLabel.Harmful).ToList();
        var harmful = list.Where(c => c.Label == CaseLabel.Harmful).ToList();
        var before = new RuleEngine(original, classifier: classifier);
        var after = new RuleEngine(tuned, classifier: classifier);
        var evaluation = options ?? EvaluationOptions.Default;
        RateEstimate? Rate(RuleEngine engine, List<EvalCase> set) =>
            set.Count == 0 ? null : WilsonInterval.Estimate(set.Count(c => engine.Evaluate(c.Text, PolicyStage.Input, evaluation).Action.IsTerminal()), set.Count);

        return new TuningEffect(benign.Count, harmful.Count)
        {
            FalsePositivesBefore = Rate(before, benign),
            FalsePositivesAfter = Rate(after, benign),
            HarmfulBlockedBefore = Rate(before, harmful),
            HarmfulBlockedAfter = Rate(after, harmful),
        };
    }

    private static double NextUp(double v) => Math.BitIncrement(v);
}
