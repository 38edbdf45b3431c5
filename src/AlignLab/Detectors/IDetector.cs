namespace AlignLab.Detectors;

/// <summary>
/// One source of evidence in a decision: the rules, the safety classifier (with its tiers), or a detector added from
/// outside the core. <see cref="Rules.RuleEngine"/> runs its detectors in order on one <see cref="DetectionContext"/>
/// and hands their findings to a <see cref="DecisionCombiner"/>, which alone applies precedence.
/// </summary>
public interface IDetector
{
    /// <summary>The detector's name in findings and traces (<c>rules</c>, <c>classifier</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// False for a detector that can only answer asynchronously (an LLM judge). Its <see cref="Detect"/> then returns
    /// a finding whose one failure says it is not available synchronously, so a stage that fails closed still stops
    /// the text; run it through <see cref="DetectAsync"/>. <see cref="Rules.RuleEngine"/>, which is synchronous, refuses
    /// such a detector.
    /// </summary>
    bool DetectsSynchronously => true;

    /// <summary>The synchronous fast path: what this detector finds in the text. Never throws for any input string.</summary>
    DetectorFinding Detect(DetectionContext context);

    /// <summary>The asynchronous path; by default the synchronous one, completed.</summary>
    ValueTask<DetectorFinding> DetectAsync(DetectionContext context, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<DetectorFinding>(cancellationToken)
            : ValueTask.FromResult(Detect(context));
}
