using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitution;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// The classifier's part of a decision. Each view of the text (the normalised text, and every decoded view: base64, hex,
/// rot13, leetspeak, payload-split reassembly, …) is scored and decided on its own, exactly as plain text is; the most
/// protective view wins and is named. For one view: below the unsafe threshold nothing acts and no category is read; at or
/// over it, the categories over their own thresholds choose the action and message, and when none is, the
/// <c>classifier:</c> section's action applies with the top category named.
/// </summary>
internal sealed class ClassifierDecider(Constitution.Constitution constitution, SafetyClassifier classifier)
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
    internal static bool UsesClassifier(Constitution.Constitution constitution)
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

    public (SafetyScores? Scores, List<Detection> Detections, ClassifierVerdict? Verdict) Decide(
        NormalizedText normalized, PolicyStage stage, EffectiveRules effective, bool explain)
    {
        if (!_usesClassifier)
        {
            return (null, [], null);
        }

        var views = classifier.ClassifyViews(normalized);
        var (threshold, source) = UnsafeThreshold(effective);
        var best = -1;
        List<Detection>? bestDetections = null;
        for (var v = 0; v < views.Count; v++)
        {
            if (views[v].Unsafe < threshold)
            {
                continue;
            }

            var detections = ForView(views[v], stage, effective, threshold);
            if (detections.Count == 0)
            {
                continue;
            }

            var better = bestDetections is null
                || detections[0].Action > bestDetections[0].Action
                || (detections[0].Action == bestDetections[0].Action && views[v].Unsafe > views[best].Unsafe);
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
                top = views[v].Unsafe > views[top].Unsafe ? v : top;
            }

            return (views[top], [], WithBand(NotActed(views[top], threshold, source, stage, views.Count)));
        }

        var scores = views[best];
        if (explain)
        {
            bestDetections[0] = bestDetections[0] with { Phrases = Phrases(normalized, bestDetections[0], scores) };
        }

        return (scores, bestDetections, WithBand(Acted(scores, bestDetections[0], threshold, source)));
    }

    private List<Detection> ForView(SafetyScores scores, PolicyStage stage, EffectiveRules effective, float threshold)
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
            detections.Add(new Detection(top, scores.Unsafe, threshold, action, unsafePolicy.Message, UnsafeDetector, []));
        }

        detections.Sort((x, y) => y.Action != x.Action ? y.Action.CompareTo(x.Action) : y.Score.CompareTo(x.Score));
        return detections;
    }

    private List<PhraseContribution> Phrases(NormalizedText normalized, Detection detection, SafetyScores scores)
    {
        var label = detection.Detector == UnsafeDetector ? SafetyLabels.Unsafe : SafetyLabels.IndexOf(detection.Category);
        return [.. classifier.Explain(normalized, label, 3, scores).TopPhrases];
    }

    private static ClassifierVerdict Acted(SafetyScores scores, Detection deciding, float threshold, string source)
    {
        var head = Inv($"unsafe {scores.Unsafe:0.00} ≥ {threshold:0.00} ({source}) in the {scores.View} view");
        var reason = deciding.Detector == UnsafeDetector
            ? head + Inv($" and no category reached its own threshold (top: {deciding.Category.Id} {scores[deciding.Category]:0.00} given unsafe), ")
                + $"so the classifier's own action applies: {deciding.Action.ToName()}"
            : head + Inv($"; {deciding.Category.Id} {deciding.Score:0.00} ≥ its threshold {deciding.Threshold:0.00} chose ")
                + deciding.Action.ToName();
        return new ClassifierVerdict
        {
            Unsafe = scores.Unsafe,
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

    private ClassifierVerdict NotActed(SafetyScores scores, float threshold, string source, PolicyStage stage, int viewCount)
    {
        var (top, given) = scores.TopCategory;
        var where = viewCount > 1 ? $"in every view (highest: {scores.View})" : "";
        string reason;
        if (scores.Unsafe < threshold)
        {
            reason = Inv($"unsafe {scores.Unsafe:0.00} < {threshold:0.00} ({source}) {where}").TrimEnd()
                + ", so the classifier does not act and reads no category";
        }
        else
        {
            var why = !constitution.Classifier.Enabled
                ? "classifier.enabled is false"
                : $"classifier.stages leaves out the {stage.ToNames().FirstOrDefault()} stage";
            reason = Inv($"unsafe {scores.Unsafe:0.00} ≥ {threshold:0.00} ({source}) but no category reached its own threshold and {why}, ")
                + "so the classifier does not act";
        }

        return new ClassifierVerdict
        {
            Unsafe = scores.Unsafe,
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
