using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// The classifier's part of a decision. Each view of the text (the normalised text, and every decoded view: base64, hex,
/// rot13, leetspeak, payload-split reassembly, …) is scored and decided on its own, exactly as plain text is; the most
/// protective view wins and is named. For one view: below the unsafe threshold nothing acts and no category is read; at or
/// over it, the categories over their own thresholds choose the action and message, and when none is, the
/// <c>classifier:</c> section's action applies with the top category named.
/// </summary>
internal sealed class ClassifierDecider(Constitution constitution, SafetyClassifier classifier, IUnsafeScoreRefiner? refiner = null)
    : IDetector
{
    /// <summary>Detector name of a category head's detection.</summary>
    public const string CategoryDetector = "classifier";

    /// <summary>Detector name of the detection made by the unsafe score alone.</summary>
    public const string UnsafeDetector = "classifier_unsafe";

    private static readonly HarmCategory[] Ordered = [.. HarmCategory.All];

    private readonly bool _usesClassifier = UsesClassifier(constitution);

    /// <summary>The threshold in force for the unsafe score and where it comes from.</summary>
    public (float Threshold, string Source) UnsafeThreshold(EffectiveRules effective)
    {
        if (effective.Safety is { } s)
        {
            return ((float)s, effective.SafetySource ?? "profile");
        }

        if (constitution.Thresholds.TryGetValue(ThresholdNames.Safety, out var t))
        {
            return ((float)t, "intervention_thresholds.safety");
        }

        return constitution.Classifier.Threshold is { } c ? ((float)c, "classifier.threshold") : (classifier.UnsafeThreshold, "model");
    }

    /// <summary>
    /// Whether the constitution asks for the classifier at all: it has categories, or writes a <c>classifier:</c> section
    /// or a <c>safety</c> threshold (top level, or in a profile or context). A rule-only policy (none of these) is decided by
    /// its rules alone, as before the unsafe score could act on its own; a written <c>classifier: {enabled: false}</c>
    /// turns it off even with categories.
    /// </summary>
    internal static bool UsesClassifier(Constitution constitution)
    {
        if (!constitution.Classifier.Enabled)
        {
            return false;
        }

        return constitution.Categories.Count > 0
            || constitution.Classifier.Location is not null
            || constitution.Thresholds.ContainsKey(ThresholdNames.Safety)
            || constitution.Profiles.Values.Any(p => p.Thresholds.ContainsKey(ThresholdNames.Safety))
            || constitution.Contexts.Values.Any(c => c.Thresholds.ContainsKey(ThresholdNames.Safety));
    }

    public string Name => CategoryDetector;

    /// <summary>The classifier's finding: its detections, the scores of the view that decided and its verdict.</summary>
    public DetectorFinding Detect(DetectionContext context)
    {
        var (scores, detections, verdict) = Decide(context.Text, context.Normalized, context.Stage, context.Policy, context.Options.CollectEvidence);
        return new DetectorFinding(Name) { Detections = detections, Scores = scores, Verdict = verdict };
    }

    public (SafetyScores? Scores, List<Detection> Detections, ClassifierVerdict? Verdict) Decide(
        string text, NormalizedText normalized, PolicyStage stage, EffectiveRules effective, bool explain)
    {
        if (!_usesClassifier)
        {
            return (null, [], null);
        }

        var views = classifier.ClassifyViews(normalized);
        var (threshold, source) = UnsafeThreshold(effective);

        // A refining tier (the contextual tier) gives the normalised view's unsafe score a second opinion; its own
        // threshold replaces only the model's, never one the constitution sets.
        var refined = refiner?.Refine(text, views[0]);
        var (refinedThreshold, refinedSource) = refined is null || source != "model"
            ? (threshold, source)
            : (refined.Threshold, $"{refiner!.Name} tier");
        float Unsafe(int v) => v == 0 && refined is not null ? refined.Unsafe : views[v].Unsafe;
        float Threshold(int v) => v == 0 ? refinedThreshold : threshold;
        string Source(int v) => v == 0 ? refinedSource : source;

        var best = -1;
        List<Detection>? bestDetections = null;
        for (var v = 0; v < views.Count; v++)
        {
            if (Unsafe(v) < Threshold(v))
            {
                continue;
            }

            var detections = ForView(views[v], Unsafe(v), stage, effective, Threshold(v));
            if (detections.Count == 0)
            {
                continue;
            }

            var better = bestDetections is null
                || detections[0].Action > bestDetections[0].Action
                || (detections[0].Action == bestDetections[0].Action && Unsafe(v) > Unsafe(best));
            if (better)
            {
                (best, bestDetections) = (v, detections);
            }
        }

        if (bestDetections is null)
        {
            var top = 0;
            for (var v = 1; v < views.Count; v++)
            {
                top = Unsafe(v) > Unsafe(top) ? v : top;
            }

            var notActed = NotActed(views[top], Unsafe(top), Threshold(top), Source(top), stage, views.Count);
            return (views[top], [], WithBand(WithTier(notActed, views[top], top == 0 ? refined : null)));
        }

        var scores = views[best];
        if (explain)
        {
            bestDetections[0] = bestDetections[0] with { Phrases = Phrases(normalized, bestDetections[0], scores) };
        }

        var acted = Acted(scores, Unsafe(best), bestDetections[0], Threshold(best), Source(best));
        return (scores, bestDetections, WithBand(WithTier(acted, scores, best == 0 ? refined : null)));
    }

    // With a refining tier, the verdict keeps both scores and names the tier that decided.
    private ClassifierVerdict WithTier(ClassifierVerdict verdict, SafetyScores fast, UnsafeScoreRefinement? refined)
    {
        if (refiner is null)
        {
            return verdict;
        }

        var decidedBy = refined is null ? "fast" : refiner.Name;
        var note = refined is null
            ? $"; the {refiner.Name} tier was not consulted (fast {Inv($"{fast.Unsafe:0.00}")})"
            : Inv($"; the {refiner.Name} tier decided: {refined.Unsafe:0.00} against its fast score {fast.Unsafe:0.00}");
        return verdict with { FastUnsafe = fast.Unsafe, DecidedBy = decidedBy, Reason = verdict.Reason + note };
    }

    private List<Detection> ForView(SafetyScores scores, float unsafeScore, PolicyStage stage, EffectiveRules effective, float threshold)
    {
        var detections = new List<Detection>(0);
        foreach (var category in Ordered)
        {
            if (!constitution.Categories.TryGetValue(category.Id, out var policy) || !policy.Enabled || (policy.Stages & stage) == 0)
            {
                continue;
            }

            var own = effective.Thresholds.TryGetValue(category.Id, out var t) ? t : policy.Threshold;
            var score = scores[category];
            if (score < own)
            {
                continue;
            }

            var action = effective.CategoryActions.TryGetValue(category.Id, out var a) ? a : policy.Action;
            detections.Add(new Detection(category, score, (float)own, action, policy.Message, CategoryDetector, []));
        }

        var unsafePolicy = constitution.Classifier;
        if (detections.Count == 0 && unsafePolicy.Enabled && (unsafePolicy.Stages & stage) != 0)
        {
            var (top, _) = scores.TopCategory;
            var action = effective.CategoryActions.TryGetValue(top.Id, out var a) && a > unsafePolicy.Action ? a : unsafePolicy.Action;
            detections.Add(new Detection(top, unsafeScore, threshold, action, unsafePolicy.Message, UnsafeDetector, []));
        }

        detections.Sort((x, y) => y.Action != x.Action ? y.Action.CompareTo(x.Action) : y.Score.CompareTo(x.Score));
        return detections;
    }

    private List<PhraseContribution> Phrases(NormalizedText normalized, Detection detection, SafetyScores scores)
    {
        var label = detection.Detector == UnsafeDetector ? SafetyLabels.Unsafe : SafetyLabels.IndexOf(detection.Category);
        return [.. classifier.Explain(normalized, label, 3, scores).TopPhrases];
    }

    private static ClassifierVerdict Acted(SafetyScores scores, float unsafeScore, Detection deciding, float threshold, string source)
    {
        var head = Inv($"unsafe {unsafeScore:0.00} ≥ {threshold:0.00} ({source}) in the {scores.View} view");
        var reason = deciding.Detector == UnsafeDetector
            ? head + Inv($" and no category reached its own threshold (top: {deciding.Category.Id} {scores[deciding.Category]:0.00} given unsafe), ")
                + $"so the classifier's own action applies: {deciding.Action.ToName()}"
            : head + Inv($"; {deciding.Category.Id} {deciding.Score:0.00} ≥ its threshold {deciding.Threshold:0.00} chose ")
                + deciding.Action.ToName();
        return new ClassifierVerdict
        {
            Unsafe = unsafeScore,
            Threshold = threshold,
            ThresholdSource = source,
            View = scores.View,
            Acted = true,
            Action = deciding.Action,
            Category = deciding.Category,
            CategoryScore = scores[deciding.Category],
            Reason = reason,
        };
    }

    private ClassifierVerdict NotActed(SafetyScores scores, float unsafeScore, float threshold, string source, PolicyStage stage, int viewCount)
    {
        var (top, given) = scores.TopCategory;
        var where = viewCount > 1 ? $"in every view (highest: {scores.View})" : "";
        string reason;
        if (unsafeScore < threshold)
        {
            reason = Inv($"unsafe {unsafeScore:0.00} < {threshold:0.00} ({source}) {where}").TrimEnd()
                + ", so the classifier does not act and reads no category";
        }
        else
        {
            var why = !constitution.Classifier.Enabled
                ? "classifier.enabled is false"
                : $"classifier.stages leaves out the {stage.ToNames().FirstOrDefault()} stage";
            reason = Inv($"unsafe {unsafeScore:0.00} ≥ {threshold:0.00} ({source}) but no category reached its own threshold and {why}, ")
                + "so the classifier does not act";
        }

        return new ClassifierVerdict
        {
            Unsafe = unsafeScore,
            Threshold = threshold,
            ThresholdSource = source,
            View = scores.View,
            Acted = false,
            Action = AlignmentAction.Allow,
            Category = top,
            CategoryScore = given,
            Reason = reason,
        };
    }

    // Where the unsafe score lies against classifier.uncertain_band: judges with 'when: uncertain' read it.
    private ClassifierVerdict WithBand(ClassifierVerdict verdict)
    {
        if (constitution.Classifier.UncertainBand is not { } band)
        {
            return verdict;
        }

        var low = (float)band.Low;
        var position = verdict.Unsafe >= verdict.Threshold ? BandPosition.Above
            : verdict.Unsafe < low ? BandPosition.Below
            : BandPosition.Within;
        var where = position switch
        {
            BandPosition.Below => Inv($"under the uncertain band [{low:0.00}, {verdict.Threshold:0.00})"),
            BandPosition.Within => Inv($"in the uncertain band [{low:0.00}, {verdict.Threshold:0.00})"),
            _ => Inv($"over the uncertain band [{low:0.00}, {verdict.Threshold:0.00})"),
        };
        return verdict with { Band = position, BandLow = low, Reason = verdict.Reason + "; the score is " + where };
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
