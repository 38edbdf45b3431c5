using AlignLab.Classification;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Detectors;

/// <summary>What one detector found in one evaluation; <see cref="DecisionCombiner"/> turns the findings into a decision.</summary>
/// <param name="Detector">The detector's name.</param>
public sealed record DetectorFinding(string Detector)
{
    /// <summary>Rules that fired, with the action in force for each.</summary>
    public IReadOnlyList<RuleMatch> Matches { get; init; } = [];

    /// <summary>Categories whose score reached their threshold, most protective first.</summary>
    public IReadOnlyList<Detection> Detections { get; init; } = [];

    /// <summary>Spans of the original text to redact when the decision allows the text.</summary>
    public IReadOnlyList<TextSpan> Redactions { get; init; } = [];

    /// <summary>Checks that could not complete (a pattern timed out); the stage's failure mode decides what they mean.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>The classifier scores that decided, when this detector scores text.</summary>
    public SafetyScores? Scores { get; init; }

    /// <summary>Why the classifier acted or did not, when this detector is the classifier.</summary>
    public ClassifierVerdict? Verdict { get; init; }

    /// <summary>True when the finding asks for nothing and reports no failure.</summary>
    public bool IsEmpty => Matches.Count == 0 && Detections.Count == 0 && Redactions.Count == 0 && Failures.Count == 0;
}
