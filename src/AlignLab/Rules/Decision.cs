using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// The result of checking one text against a constitution at one stage, with everything needed to explain it:
/// the rules that fired and where, what normalisation revealed, the final action and what the user sees.
/// </summary>
public sealed record Decision
{
    /// <summary>The stage that was checked.</summary>
    public required PolicyStage Stage { get; init; }

    /// <summary>The most protective action among the fired rules (Allow when none fired).</summary>
    public required AlignmentAction Action { get; init; }

    /// <summary>What the action means for the exchange.</summary>
    public required DecisionOutcome Outcome { get; init; }

    /// <summary>The rule whose action won (null when nothing fired).</summary>
    public RuleMatch? DecidingRule { get; init; }

    /// <summary>The detector finding that decided, when a detector (not a rule) asked for the most protective action.</summary>
    public Detection? DecidingDetection { get; init; }

    /// <summary>Categories whose detector score reached their threshold, most protective first.</summary>
    public IReadOnlyList<Detection> Detections { get; init; } = [];

    /// <summary>
    /// The classifier's scores, when a classifier is attached: those of the view that decided (see
    /// <see cref="ClassifierVerdict.View"/>), or of the view with the highest unsafe score when the classifier did not act.
    /// </summary>
    public SafetyScores? Scores { get; init; }

    /// <summary>The classifier's scores against their thresholds and why it acted or did not, when a classifier is attached.</summary>
    public ClassifierVerdict? Classifier { get; init; }

    /// <summary>Every rule that fired, in precedence order (the deciding rule first).</summary>
    public required IReadOnlyList<RuleMatch> Matches { get; init; }

    /// <summary>The text shown instead of an answer for redirect, refuse, escalate and block; otherwise null.</summary>
    public string? Message { get; init; }

    /// <summary>Disclaimers to append to the answer, in precedence order, without duplicates.</summary>
    public IReadOnlyList<string> Disclaimers { get; init; } = [];

    /// <summary>Warnings to show before the answer, in precedence order, without duplicates.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The input with redacted spans replaced, when a redact rule fired; otherwise null.</summary>
    public string? RedactedText { get; init; }

    /// <summary>Active context and profile names.</summary>
    public string? Context { get; init; }

    public string? Profile { get; init; }

    /// <summary>The constitution's name.</summary>
    public required string PolicyName { get; init; }

    /// <summary>Every normalisation step applied to the input.</summary>
    public IReadOnlyList<NormalizationEvent> Normalization { get; init; } = [];

    /// <summary>Decoded segments found in the input (source and decoded text).</summary>
    public IReadOnlyList<DecodedView> DecodedViews { get; init; } = [];

    /// <summary>Problems met while checking (e.g. a pattern that timed out); handled by the stage's failure mode.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>Length of the input in characters.</summary>
    public int InputLength { get; init; }

    /// <summary>True when the exchange must not proceed as asked (redirect or stronger).</summary>
    public bool IsBlocking => Action.IsTerminal();

    /// <summary>One sentence saying why.</summary>
    public string Explain()
    {
        if (DecidingDetection is { Detector: ClassifierDecider.UnsafeDetector } unsafeDet)
        {
            var phrase = unsafeDet.Phrases.Count > 0 ? $" (strongest phrase \"{unsafeDet.Phrases[0].Text}\")" : string.Empty;
            var view = Classifier is { View: not TextView.NormalizedSource } v ? $" in the {v.View} view" : string.Empty;
            return $"The classifier scored unsafe {unsafeDet.Score:0.00} ≥ {unsafeDet.Threshold:0.00}{view}{phrase}, top category "
                + $"{unsafeDet.Category.Id}, no category over its own threshold → {Action.ToName()}.";
        }

        if (DecidingDetection is { } det)
        {
            var phrase = det.Phrases.Count > 0 ? $" (strongest phrase \"{det.Phrases[0].Text}\")" : string.Empty;
            var window = Scores?.Window is { } w ? $" in the window at {w.Start}..{w.End}" : string.Empty;
            var inView = Classifier is { View: not TextView.NormalizedSource } cv ? $" in the {cv.View} view" : string.Empty;
            return $"The classifier scored {det.Category.Id} at {det.Score:0.00} ≥ {det.Threshold:0.00}{inView}{window}{phrase} "
                + $"→ {Action.ToName()}.";
        }

        if (DecidingRule is null)
        {
            if (Failures.Count > 0 && IsBlocking)
            {
                return "A check failed and the stage fails closed: " + Failures[0];
            }

            var rules = Matches.Count == 0 ? "No rule fired" : "Only logging rules fired";
            return Classifier is { } c ? $"{rules}; classifier: {c.Reason}." : rules + ".";
        }

        var r = DecidingRule;
        var ev = r.Evidence.FirstOrDefault(e => e.Role == "trigger");
        var where = ev is null ? string.Empty : $" on \"{ev.OriginalText}\" at {ev.OriginalSpan.Start}..{ev.OriginalSpan.End}";
        var revealed = ev is { RevealedBy.Count: > 0 } ? $" (revealed by {string.Join(", ", ev.RevealedBy.Select(e => e.Kind).Distinct())})" : string.Empty;
        var others = Matches.Count > 1 ? $"; {Matches.Count - 1} other rule(s) also fired" : string.Empty;
        return $"Rule '{r.Rule.Id}' fired{where}{revealed} → {Action.ToName()}{others}.";
    }
}

/// <summary>A decoded segment of the input.</summary>
/// <param name="Source">base64, hex or rot13.</param>
/// <param name="Text">The decoded, normalised text.</param>
/// <param name="OriginalSpan">The encoded span in the original input.</param>
public sealed record DecodedView(string Source, string Text, TextSpan OriginalSpan);
