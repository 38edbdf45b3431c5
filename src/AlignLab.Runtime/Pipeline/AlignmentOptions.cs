using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Runtime.Consensus;
using AlignLab.Runtime.Critique;
using AlignLab.Runtime.Redaction;
using AlignLab.Runtime.Review;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// How <see cref="AlignedChatClient"/> guards a model. Everything not set here comes from the constitution
/// (rules, thresholds, stages, failure modes, messages). Validated once when the client is built. Options-shaped (a
/// public parameterless constructor, settable properties with defaults), so <c>AddAlignLab</c> registers it as
/// <c>IOptions&lt;AlignmentOptions&gt;</c> and <c>UseAlignment(configure)</c> post-configures it.
/// </summary>
public sealed class AlignmentOptions
{
    /// <summary>The constitution to enforce; null means the embedded default.</summary>
    public Constitution? Constitution { get; set; }

    /// <summary>Whether the safety classifier is used as a detector.</summary>
    public bool UseClassifier { get; set; } = true;

    /// <summary>The classifier; null means the embedded default model.</summary>
    public SafetyClassifier? Classifier { get; set; }

    /// <summary>Active context (a key of the constitution's <c>contexts:</c>).</summary>
    public string? Context { get; set; }

    /// <summary>Active user profile (a key of <c>profiles:</c>).</summary>
    public string? Profile { get; set; }

    /// <summary>Extra detectors such as LLM judges.</summary>
    public IList<StagedDetector> Detectors { get; } = [];

    /// <summary>
    /// Detectors the rule engine runs after the rules and the classifier, whose findings go to the same combiner (a
    /// detection decides only when it is strictly more protective than every rule).
    /// </summary>
    public IList<IDetector> EngineDetectors { get; } = [];

    /// <summary>
    /// A tier refining the classifier's unsafe score (the contextual tier of AlignLab.Encoders); null (the default): the
    /// fast score decides alone. Decisions then record both scores and <c>decided_by</c>. The caller owns it (add it to
    /// <see cref="OwnedResources"/> to have the pipeline dispose it).
    /// </summary>
    public IUnsafeScoreRefiner? ScoreRefiner { get; set; }

    /// <summary>Constitutional critique→revision of drafts, or null.</summary>
    public IResponseReviser? Reviser { get; set; }

    /// <summary>Multi-model consensus on inputs/outputs, or null.</summary>
    public IConsensusCheck? Consensus { get; set; }

    /// <summary>Stages consensus runs at.</summary>
    public PolicyStage ConsensusStages { get; set; } = AlignLab.Constitutions.PolicyStage.Output;

    /// <summary>Where escalations go; null keeps them in memory.</summary>
    public IReviewQueue? ReviewQueue { get; set; }

    /// <summary>PII redactor for responses; null disables redaction.</summary>
    public ITextRedactor? Redactor { get; set; }

    /// <summary>Whether tool results and retrieved content are checked for prompt injection.</summary>
    public bool GuardToolContent { get; set; } = true;

    /// <summary>What replaces tool/retrieved content that carries a prompt injection.</summary>
    public string RemovedContentNotice { get; set; } = "[content removed by AlignLab: it contained instructions that looked like a prompt injection]";

    /// <summary>System instruction used when a stream is restarted after an intervention.</summary>
    public string SteeringInstruction { get; set; } =
        "Safety steering: your previous answer started to include content that violates the safety policy. Answer the user again from the start, helpfully, without that content; if the request itself is harmful, decline briefly and offer a safe alternative.";

    /// <summary>
    /// Note shown on its own line between the text a caller already saw of a cut stream attempt and its steered restart.
    /// It is shown just before the restart's first text, and not at all when the caller saw nothing of the cut attempt.
    /// </summary>
    public string SteeringNotice { get; set; } = "[AlignLab: the answer was steered to stay within policy]";

    /// <summary>
    /// Note that ends a stream, on its own line, when it is stopped (no intervention left, or the output stage refused the
    /// whole answer) after some of its text was sent. A stream stopped before any text was sent ends with the same refusal
    /// a non-streamed request gets instead, so the two never differ in text or shape.
    /// </summary>
    public string StreamAbortMessage { get; set; } = "[AlignLab: the rest of this answer was withheld because it violated the safety policy.]";

    /// <summary>Message used when a guard stage fails closed.</summary>
    public string FailClosedMessage { get; set; } = "This request could not be safety-checked right now, so it was not answered. Please try again later.";

    /// <summary>
    /// Reply used when the guarded model fails (an upstream error, timeout or broken stream). Null (the default) lets the
    /// error propagate to the caller; either way the failure is in the trace.
    /// </summary>
    public string? ModelFailureFallback { get; set; }

    /// <summary>How many characters of already-checked stream text each streaming check re-reads, so a phrase split across two checks is still seen.</summary>
    public int StreamingOverlap { get; set; } = 256;

    /// <summary>How many characters of released stream text are held back for PII redaction across chunk boundaries.</summary>
    public int StreamingRedactionHoldback { get; set; } = 64;

    /// <summary>Time source.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// What the pipeline built from these options owns and disposes with itself: the chat clients (and their HTTP
    /// handlers) that <see cref="ConstitutionRuntime.CreateOptions"/> created for judges, critics and revisers. Whoever
    /// creates a client disposes it, so a client the caller passed in (the guarded model) is never added here.
    /// </summary>
    public IList<IDisposable> OwnedResources { get; } = [];

    /// <summary>All problems with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (StreamingOverlap is < 0 or > 65_536)
        {
            errors.Add($"{nameof(StreamingOverlap)} must be between 0 and 65536, not {StreamingOverlap}");
        }

        if (StreamingRedactionHoldback is < 0 or > 65_536)
        {
            errors.Add($"{nameof(StreamingRedactionHoldback)} must be between 0 and 65536, not {StreamingRedactionHoldback}");
        }

        foreach (var d in Detectors)
        {
            if (d.Threshold is < 0 or > 1 || double.IsNaN(d.Threshold))
            {
                errors.Add($"detector '{d.Detector.Name}': threshold must be 0–1");
            }

            if (d.Timeout <= TimeSpan.Zero)
            {
                errors.Add($"detector '{d.Detector.Name}': timeout must be positive");
            }

            if ((d.Stages & AlignLab.Constitutions.PolicyStage.Streaming) != 0)
            {
                errors.Add($"detector '{d.Detector.Name}': judges run on input and output only");
            }

            if (d.UncertainBandOnly && (Constitution?.Classifier.UncertainBand is null || !UseClassifier))
            {
                errors.Add($"detector '{d.Detector.Name}': runs only in the classifier's uncertain band, which needs the classifier "
                    + "and a constitution with classifier.uncertain_band");
            }
        }

        var c = Constitution;
        if (c is not null)
        {
            if (Context is not null && !c.Contexts.ContainsKey(Context))
            {
                errors.Add($"unknown context '{Context}' (the constitution defines: {string.Join(", ", c.Contexts.Keys.Order(StringComparer.Ordinal))})");
            }

            if (Profile is not null && !c.Profiles.ContainsKey(Profile))
            {
                errors.Add($"unknown profile '{Profile}' (the constitution defines: {string.Join(", ", c.Profiles.Keys.Order(StringComparer.Ordinal))})");
            }
        }

        foreach (var (name, text) in new[] { (nameof(SteeringInstruction), SteeringInstruction), (nameof(StreamAbortMessage), StreamAbortMessage), (nameof(FailClosedMessage), FailClosedMessage) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"{name} must not be empty");
            }
        }

        return errors;
    }
}
