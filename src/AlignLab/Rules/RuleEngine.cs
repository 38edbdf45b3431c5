using System.Diagnostics;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// Evaluates a constitution against text. It normalises the input once (de-obfuscation with offsets back to the
/// original), resolves the context and profile (<see cref="PolicyResolver"/>), runs its detectors in order (the rules
/// over a <see cref="PatternSet"/>, the safety classifier, then any added through <see cref="RuleEngineOptions.Detectors"/>)
/// and lets one <see cref="DecisionCombiner"/> apply precedence. Thread-safe.
/// </summary>
public sealed class RuleEngine
{
    private readonly TextNormalizer _normalizer;
    private readonly PolicyResolver _policy;
    private readonly RuleDetector _rules;
    private readonly ClassifierDecider? _decider;
    private readonly IDetector[] _extra;
    private readonly DecisionCombiner _combiner;

    /// <summary>
    /// Compiles <paramref name="constitution"/>. With a <paramref name="classifier"/>, its category scores are checked against
    /// the constitution's <c>categories</c>.
    /// </summary>
    public RuleEngine(Constitution constitution, TextNormalizer? normalizer = null, SafetyClassifier? classifier = null)
        : this(constitution, new RuleEngineOptions { Normalizer = normalizer, Classifier = classifier })
    {
    }

    /// <summary>Compiles <paramref name="constitution"/> with the normaliser, classifier and added detectors of <paramref name="options"/>.</summary>
    public RuleEngine(Constitution constitution, RuleEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(options);
        Constitution = constitution;
        Options = options;
        _normalizer = options.Normalizer ?? TextNormalizer.Default;
        Classifier = options.Classifier;
        _decider = Classifier is null ? null : new ClassifierDecider(constitution, Classifier, options.ScoreRefiner);
        _extra = [.. options.Detectors];
        if (_extra.FirstOrDefault(d => !d.DetectsSynchronously) is { } asyncOnly)
        {
            throw new ArgumentException(
                $"detector '{asyncOnly.Name}' answers only asynchronously; the engine's evaluation is synchronous", nameof(options));
        }

        _policy = new PolicyResolver(constitution);
        _rules = new RuleDetector(constitution, _normalizer);
        _combiner = new DecisionCombiner(constitution);
    }

    /// <summary>The constitution this engine enforces.</summary>
    public Constitution Constitution { get; }

    /// <summary>The options the engine was built with.</summary>
    public RuleEngineOptions Options { get; }

    /// <summary>The safety classifier used as a detector, if any.</summary>
    public SafetyClassifier? Classifier { get; }

    /// <summary>The normaliser the engine was built with (to build a variant of it with the same settings).</summary>
    internal TextNormalizer Normalizer => _normalizer;

    /// <summary>Number of distinct compiled patterns.</summary>
    public int PatternCount => _rules.PatternCount;

    /// <summary>Checks that a context and profile exist; returns the problems (empty when fine).</summary>
    public IReadOnlyList<string> CheckSelection(string? context, string? profile) => _policy.CheckSelection(context, profile);

    /// <summary>Evaluates <paramref name="text"/> at <paramref name="stage"/>. Never throws for any input string.</summary>
    public Decision Evaluate(string text, PolicyStage stage, EvaluationOptions? options = null) => EvaluateTimed(text, stage, options, marks: null);

    /// <summary>
    /// <see cref="Evaluate(string, PolicyStage, EvaluationOptions?)"/> that also records <see cref="Stopwatch"/>
    /// timestamps into <paramref name="marks"/> (at least <see cref="StageMarks"/> long): [0] on entry, [1] after
    /// option checks and normalisation, [2] after the rule scan and rule matching, [3] after the classifier and any
    /// added detectors, [4] on return. The differences of consecutive marks are the stages of this one call, so they
    /// add up to the whole (<c>GuardProfiler</c> in AlignLab.Evaluation).
    /// </summary>
    internal Decision EvaluateTimed(string text, PolicyStage stage, EvaluationOptions? options, long[]? marks)
    {
        ArgumentNullException.ThrowIfNull(text);
        Mark(marks, 0);
        if (stage is not (PolicyStage.Input or PolicyStage.Streaming or PolicyStage.Output))
        {
            throw new ArgumentException($"evaluate one stage at a time (input, streaming or output), not {stage}", nameof(stage));
        }

        options ??= EvaluationOptions.Default;
        var problems = _policy.CheckSelection(options.Context, options.Profile);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var effective = _policy.Resolve(options.Context, options.Profile);
        if (!Constitution.Stages.IsEnabled(stage))
        {
            Mark(marks, 1, 4);
            return _combiner.Empty(stage, options, text.Length, [], []);
        }

        var context = new DetectionContext(text, _normalizer.Normalize(text), stage, options, effective);
        Mark(marks, 1);
        var findings = new DetectorFinding[1 + (_decider is null ? 0 : 1) + _extra.Length];
        findings[0] = _rules.Detect(context);
        Mark(marks, 2);
        var n = 1;
        if (_decider is not null)
        {
            findings[n++] = _decider.Detect(context);
        }

        foreach (var detector in _extra)
        {
            findings[n++] = detector.Detect(context);
        }

        Mark(marks, 3);
        var decision = _combiner.Combine(context, findings);
        Mark(marks, 4);
        return decision;
    }

    /// <summary>
    /// The context detectors that run outside <see cref="Evaluate"/> (the pipeline's judges, asynchronous) read for
    /// <paramref name="text"/>: normalised as the engine normalises it (when first read), with the context and profile resolved.
    /// </summary>
    /// <exception cref="ArgumentException">The stage is not one stage, or the options name an unknown context or profile.</exception>
    public DetectionContext CreateContext(string text, PolicyStage stage, EvaluationOptions? options = null, string? prompt = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (stage is not (PolicyStage.Input or PolicyStage.Streaming or PolicyStage.Output))
        {
            throw new ArgumentException($"one stage at a time (input, streaming or output), not {stage}", nameof(stage));
        }

        options ??= EvaluationOptions.Default;
        var problems = _policy.CheckSelection(options.Context, options.Profile);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        return new DetectionContext(text, _normalizer.Normalize, stage, options, _policy.Resolve(options.Context, options.Profile))
        {
            Prompt = prompt,
        };
    }

    /// <summary>
    /// The decision for <paramref name="context"/> from <paramref name="findings"/> through this engine's
    /// <see cref="DecisionCombiner"/>, the one place precedence is applied: the pipeline passes the rules' and
    /// classifier's findings of an earlier <see cref="Evaluate"/> together with its judges' findings.
    /// </summary>
    public Decision Combine(DetectionContext context, IReadOnlyList<DetectorFinding> findings) => _combiner.Combine(context, findings);

    /// <summary>How many timestamps <see cref="EvaluateTimed"/> records.</summary>
    internal const int StageMarks = 5;

    private static void Mark(long[]? marks, int from, int to = -1)
    {
        if (marks is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = from; i <= Math.Max(from, to); i++)
        {
            marks[i] = now;
        }
    }

    internal static string Redact(string text, List<TextSpan> spans) => DecisionCombiner.Redact(text, spans);
}
