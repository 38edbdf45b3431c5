using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AlignLab.Classification;
using AlignLab.Constitution;
using AlignLab.Diagnostics;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// Evaluates a constitution's rules against text. Patterns are compiled once; each evaluation normalises the
/// input (de-obfuscation with offsets back to the original), scans every view once through a shared word
/// index plus linear-time regexes, and combines the fired rules by precedence. Thread-safe.
/// </summary>
public sealed class RuleEngine
{
    private const int MaxEvidencePerRule = 5;
    private const int MaxEvidenceText = 200;

    private readonly TextNormalizer _normalizer;
    private readonly KeywordIndex _keywords = new();
    private readonly List<(int Id, Regex Regex)> _viewRegexes = [];
    private readonly List<(int Id, Regex Regex)> _originalRegexes = [];
    private readonly CompiledRule[] _rules;
    private readonly Regex? _viewPrefilter;
    private readonly int _patternCount;
    private readonly ConcurrentDictionary<(string?, string?), EffectiveRules> _effective = new();
    private readonly ClassifierDecider? _decider;

    [ThreadStatic]
    private static HitCollector? t_hits;

    /// <summary>Compiles <paramref name="constitution"/>. With a <paramref name="classifier"/>, its category scores are checked against the constitution's <c>categories</c>.</summary>
    public RuleEngine(Constitution.Constitution constitution, TextNormalizer? normalizer = null, SafetyClassifier? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        Constitution = constitution;
        _normalizer = normalizer ?? TextNormalizer.Default;
        Classifier = classifier;
        _decider = classifier is null ? null : new ClassifierDecider(constitution, classifier);
        var ids = new Dictionary<(string, MatchMode, bool), int>();

        int Compile(PatternSpec? spec)
        {
            if (spec is null)
            {
                return -1;
            }

            var key = (spec.Pattern, spec.Mode, spec.CaseSensitive);
            if (ids.TryGetValue(key, out var id))
            {
                return id;
            }

            id = ids.Count;
            ids[key] = id;
            if (!spec.CaseSensitive && spec.Mode != MatchMode.Substring && PatternCompiler.TryParseLiterals(spec.Pattern, out var phrases))
            {
                foreach (var phrase in phrases)
                {
                    var words = WordTokenizer.Words(_normalizer.Normalize(phrase).Primary.Text);
                    _keywords.Add(id, words, spec.Mode == MatchMode.Prefix);
                }
            }
            else
            {
                var regex = PatternCompiler.BuildRegex(spec);
                (spec.CaseSensitive ? _originalRegexes : _viewRegexes).Add((id, regex));
            }

            return id;
        }

        _rules = [.. constitution.Rules.Select(r => new CompiledRule(r, Compile(r.Trigger), Compile(r.Context), Compile(r.Unless)))];
        _patternCount = ids.Count;

        // One linear-time scan tells whether any regex pattern can match; only then is each run for its spans.
        if (_viewRegexes.Count > 1)
        {
            try
            {
                _viewPrefilter = new Regex(
                    string.Join('|', _viewRegexes.Select(r => "(?:" + r.Regex + ")")),
                    RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
                    PatternCompiler.MatchTimeout);
            }
            catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
            {
                // Too large for one automaton, or patterns that cannot be joined (e.g. inline (?x) comments):
                // scan pattern by pattern.
                _viewPrefilter = null;
            }
        }
    }

    /// <summary>The constitution this engine enforces.</summary>
    public Constitution.Constitution Constitution { get; }

    /// <summary>The safety classifier used as a detector, if any.</summary>
    public SafetyClassifier? Classifier { get; }

    /// <summary>The normaliser the engine was built with (to build a variant of it with the same settings).</summary>
    internal TextNormalizer Normalizer => _normalizer;

    /// <summary>Number of distinct compiled patterns.</summary>
    public int PatternCount => _patternCount;

    /// <summary>Checks that a context and profile exist; returns the problems (empty when fine).</summary>
    public IReadOnlyList<string> CheckSelection(string? context, string? profile)
    {
        var problems = new List<string>();
        if (context is not null && !Constitution.Contexts.ContainsKey(context))
        {
            problems.Add($"unknown context '{context}'; " + (Constitution.Contexts.Count == 0 ? "the constitution defines no contexts" : Suggestions.Hint(context, [.. Constitution.Contexts.Keys.Order(StringComparer.Ordinal)])));
        }

        if (profile is not null && !Constitution.Profiles.ContainsKey(profile))
        {
            problems.Add($"unknown profile '{profile}'; " + (Constitution.Profiles.Count == 0 ? "the constitution defines no profiles" : Suggestions.Hint(profile, [.. Constitution.Profiles.Keys.Order(StringComparer.Ordinal)])));
        }

        return problems;
    }

    /// <summary>Evaluates <paramref name="text"/> at <paramref name="stage"/>. Never throws for any input string.</summary>
    public Decision Evaluate(string text, PolicyStage stage, EvaluationOptions? options = null) => EvaluateTimed(text, stage, options, marks: null);

    /// <summary>
    /// <see cref="Evaluate(string, PolicyStage, EvaluationOptions?)"/> that also records <see cref="Stopwatch"/>
    /// timestamps into <paramref name="marks"/> (at least <see cref="StageMarks"/> long): [0] on entry, [1] after
    /// option checks and normalisation, [2] after the rule scan and rule matching, [3] after the classifier, [4] on
    /// return. The differences of consecutive marks are the stages of this one call, so they add up to the whole
    /// (<c>GuardProfiler</c> in AlignLab.Evaluation).
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
        var problems = CheckSelection(options.Context, options.Profile);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var effective = _effective.GetOrAdd((options.Context, options.Profile), key => Resolve(key.Item1, key.Item2));
        if (!Constitution.Stages.IsEnabled(stage))
        {
            Mark(marks, 1, 4);
            return Empty(stage, options, text.Length, [], []);
        }

        var normalized = _normalizer.Normalize(text);
        Mark(marks, 1);
        var hits = t_hits ??= new HitCollector();
        hits.Reset(_patternCount);
        var failures = Scan(text, normalized, hits);

        List<RuleMatch>? matches = null;
        List<TextSpan>? redactions = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!effective.Enabled[i] || (rule.Rule.Stages & stage) == 0 || !hits.Any(rule.Trigger))
            {
                continue;
            }

            var triggers = Fired(rule, hits);
            if (triggers is null)
            {
                continue;
            }

            matches ??= [];
            var evidence = options.CollectEvidence ? Evidence(text, normalized, triggers, rule, hits) : [];
            matches.Add(new RuleMatch(rule.Rule, effective.Actions[i], evidence));
            if (effective.Actions[i] == AlignmentAction.Redact)
            {
                redactions ??= [];
                redactions.AddRange(triggers.Select(t => t.View < 0 ? new TextSpan(t.Start, t.Length) : normalized.Views[t.View].MapToOriginal(t.Start, t.Length)));
            }
        }

        var decoded = normalized.Views.Skip(1).Select(v => new DecodedView(v.Source, v.Text, v.MapToOriginal(0, v.Text.Length))).ToList();
        Mark(marks, 2);
        var (scores, detections, verdict) = _decider is null
            ? (null, [], null)
            : _decider.Decide(normalized, stage, effective, options.CollectEvidence);
        Mark(marks, 3);
        var decision = matches is null && failures.Count == 0 && detections.Count == 0
            ? Empty(stage, options, text.Length, normalized.Events, decoded) with { Scores = scores, Classifier = verdict }
            : Combine(text, stage, options, matches ?? [], normalized, decoded, failures, scores, detections, redactions ?? [])
                with { Classifier = verdict };
        Mark(marks, 4);
        return decision;
    }

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

    private List<string> Scan(string text, NormalizedText normalized, HitCollector hits)
    {
        var failures = new List<string>(0);
        var views = normalized.Views;
        for (var v = 0; v < views.Count; v++)
        {
            var viewText = views[v].Text;
            if (!_keywords.IsEmpty)
            {
                hits.Tokens.Clear();
                WordTokenizer.Tokenize(viewText, hits.Tokens);
                _keywords.Scan(viewText, hits.Tokens, v, hits);
            }

            if (_viewRegexes.Count == 0 || !MayMatch(viewText, failures))
            {
                continue;
            }

            foreach (var (id, regex) in _viewRegexes)
            {
                ScanRegex(regex, id, viewText, v, hits, failures);
            }
        }

        foreach (var (id, regex) in _originalRegexes)
        {
            ScanRegex(regex, id, text, -1, hits, failures);
        }

        return failures;
    }

    private bool MayMatch(string text, List<string> failures)
    {
        if (_viewPrefilter is null)
        {
            return true;
        }

        try
        {
            return _viewPrefilter.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            failures.Add($"the combined pattern scan timed out after {PatternCompiler.MatchTimeout.TotalSeconds:0.#} s");
            return false;
        }
    }

    private static void ScanRegex(Regex regex, int id, string input, int view, HitCollector hits, List<string> failures)
    {
        try
        {
            foreach (var m in regex.EnumerateMatches(input))
            {
                hits.Add(id, view, m.Index, m.Length);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            failures.Add($"pattern '{YamlNodeReader.Shorten(regex.ToString())}' timed out after {PatternCompiler.MatchTimeout.TotalSeconds:0.#} s");
        }
    }

    private static List<HitCollector.Hit>? Fired(CompiledRule rule, HitCollector hits)
    {
        var triggers = hits.For(rule.Trigger).ToList();
        if (hits.Overflowed(rule.Trigger) && (rule.Context < 0 || hits.Any(rule.Context)))
        {
            return triggers; // more occurrences than were kept: fail closed rather than trust the filters below
        }

        if (rule.Unless >= 0 && hits.Any(rule.Unless))
        {
            var exceptions = hits.For(rule.Unless).ToList();
            triggers.RemoveAll(t => exceptions.Exists(u => u.View == t.View && u.Start <= t.Start && u.End >= t.End));
        }

        if (triggers.Count == 0)
        {
            return null;
        }

        if (rule.Context < 0)
        {
            return triggers;
        }

        if (!hits.Any(rule.Context))
        {
            return null;
        }

        if (rule.Rule.ContextWindow is not { } window)
        {
            return triggers;
        }

        if (hits.Overflowed(rule.Context))
        {
            return triggers;
        }

        var contexts = hits.For(rule.Context).ToList();
        triggers.RemoveAll(t => !contexts.Exists(c => c.View == t.View && Distance(t, c) <= window));
        return triggers.Count == 0 ? null : triggers;
    }

    private static int Distance(HitCollector.Hit a, HitCollector.Hit b) =>
        a.End <= b.Start ? b.Start - a.End : b.End <= a.Start ? a.Start - b.End : 0;

    private static List<MatchEvidence> Evidence(string text, NormalizedText normalized, List<HitCollector.Hit> triggers, CompiledRule rule, HitCollector hits)
    {
        var evidence = new List<MatchEvidence>();
        var seen = new HashSet<TextSpan>();
        foreach (var t in triggers)
        {
            var e = ToEvidence("trigger", text, normalized, t);
            if (seen.Add(e.OriginalSpan))
            {
                evidence.Add(e);
            }

            if (evidence.Count >= MaxEvidencePerRule)
            {
                break;
            }
        }

        if (rule.Context >= 0)
        {
            var c = hits.For(rule.Context).First();
            evidence.Add(ToEvidence("context", text, normalized, c));
        }

        return evidence;
    }

    private static MatchEvidence ToEvidence(string role, string text, NormalizedText normalized, HitCollector.Hit hit)
    {
        if (hit.View < 0)
        {
            var span = new TextSpan(hit.Start, hit.Length);
            return new MatchEvidence(role, "original", Clip(text.Substring(hit.Start, hit.Length)), span, Clip(text.Substring(hit.Start, hit.Length)), []);
        }

        var view = normalized.Views[hit.View];
        var original = view.MapToOriginal(hit.Start, hit.Length);
        var revealed = normalized.EventsOverlapping(original).ToList();
        return new MatchEvidence(role, view.Source, Clip(view.Text.Substring(hit.Start, hit.Length)), original, Clip(text.Substring(original.Start, original.Length)), revealed);
    }

    private static string Clip(string s) => s.Length <= MaxEvidenceText ? s : string.Concat(s.AsSpan(0, MaxEvidenceText - 1), "…");

    private Decision Combine(string text, PolicyStage stage, EvaluationOptions options, List<RuleMatch> matches, NormalizedText normalized, List<DecodedView> decoded, List<string> failures, SafetyScores? scores, List<Detection> detections, List<TextSpan> redactions)
    {
        // Precedence: most protective action, then priority, then severity, then declaration order.
        matches.Sort(static (a, b) =>
        {
            var c = b.Action.CompareTo(a.Action);
            if (c != 0)
            {
                return c;
            }

            c = b.Rule.Priority.CompareTo(a.Rule.Priority);
            if (c != 0)
            {
                return c;
            }

            c = b.Rule.Severity.CompareTo(a.Rule.Severity);
            return c != 0 ? c : a.Rule.Order.CompareTo(b.Rule.Order);
        });

        var deciding = matches.Count > 0 && matches[0].Action > AlignmentAction.LogOnly ? matches[0] : null;
        var action = deciding?.Action ?? AlignmentAction.Allow;

        // A detector decides only when it asks for a strictly more protective action than every rule.
        var detection = detections.Count > 0 && detections[0].Action > action && detections[0].Action > AlignmentAction.LogOnly ? detections[0] : null;
        if (detection is not null)
        {
            action = detection.Action;
            deciding = null;
        }

        var decidingMessage = detection is not null ? detection.Message : deciding?.Rule.Message;
        if (detection is { Detector: ClassifierDecider.UnsafeDetector, Message: null } && action.RequiresMessage())
        {
            // The unsafe score alone decided: the default message for its action, naming the category it saw.
            decidingMessage = $"I can't help with that request ({detection.Category.DisplayName.ToLowerInvariant()}).";
        }

        string? message = action switch
        {
            AlignmentAction.Block => decidingMessage ?? Constitution.DefaultBlockMessage,
            AlignmentAction.Escalate => decidingMessage ?? Constitution.DefaultEscalationMessage,
            AlignmentAction.RefusePolitely => decidingMessage ?? Constitution.DefaultBlockMessage,
            AlignmentAction.RedirectPositive => decidingMessage ?? Constitution.DefaultRedirectMessage,
            _ => null,
        };

        var failureMode = stage switch
        {
            PolicyStage.Input => Constitution.Stages.InputFailureMode,
            PolicyStage.Streaming => Constitution.Stages.StreamingFailureMode,
            _ => Constitution.Stages.OutputFailureMode,
        };
        if (failures.Count > 0 && failureMode == FailureMode.Closed && action < AlignmentAction.Block)
        {
            action = AlignmentAction.Block;
            message = Constitution.DefaultBlockMessage;
            deciding = null;
            detection = null;
        }

        // A rule's message is its text for its own action: when a context or profile turns a refusal into a warning
        // or disclaimer, the refusal message is not the warning, so the rule's warning or the default is shown.
        var disclaimers = matches.Where(m => m.Action == AlignmentAction.AddDisclaimer)
            .Select(m => m.Rule.Disclaimer ?? OwnMessage(m) ?? Constitution.DefaultDisclaimer).Distinct(StringComparer.Ordinal).ToList();
        var warnings = matches.Where(m => m.Action == AlignmentAction.AddWarning)
            .Select(m => m.Rule.Warning ?? OwnMessage(m) ?? Constitution.DefaultWarning).Distinct(StringComparer.Ordinal).ToList();

        return new Decision
        {
            Stage = stage,
            Action = action,
            Outcome = ToOutcome(action, disclaimers.Count + warnings.Count > 0),
            DecidingRule = deciding,
            Matches = matches,
            Message = message,
            Disclaimers = disclaimers,
            Warnings = warnings,
            RedactedText = redactions.Count > 0 ? Redact(text, redactions) : null,
            Context = options.Context,
            Profile = options.Profile,
            PolicyName = Constitution.Name,
            Normalization = normalized.Events,
            DecodedViews = decoded,
            InputLength = text.Length,
            Failures = failures,
            Scores = scores,
            Detections = detections,
            DecidingDetection = detection,
        };
    }

    private static string? OwnMessage(RuleMatch match) => match.Action == match.Rule.Action ? match.Rule.Message : null;

    private static DecisionOutcome ToOutcome(AlignmentAction action, bool annotated) => action switch
    {
        AlignmentAction.Block => DecisionOutcome.Blocked,
        AlignmentAction.Escalate => DecisionOutcome.Escalated,
        AlignmentAction.RefusePolitely => DecisionOutcome.Refused,
        AlignmentAction.RedirectPositive => DecisionOutcome.Redirected,
        AlignmentAction.Redact => DecisionOutcome.Redacted,
        _ => annotated ? DecisionOutcome.Annotated : DecisionOutcome.Allowed,
    };

    internal static string Redact(string text, List<TextSpan> spans)
    {
        spans.RemoveAll(s => s.Length <= 0);
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            // Overlapping or touching spans become one marker.
            var start = Math.Max(spans[i].Start, pos);
            var end = spans[i].End;
            while (i + 1 < spans.Count && spans[i + 1].Start <= end)
            {
                end = Math.Max(end, spans[++i].End);
            }

            if (end <= pos)
            {
                continue;
            }

            sb.Append(text, pos, start - pos).Append("[REDACTED]");
            pos = end;
        }

        return sb.Append(text, pos, text.Length - pos).ToString();
    }

    private Decision Empty(PolicyStage stage, EvaluationOptions options, int length, IReadOnlyList<NormalizationEvent> events, IReadOnlyList<DecodedView> decoded) => new()
    {
        Stage = stage,
        Action = AlignmentAction.Allow,
        Outcome = DecisionOutcome.Allowed,
        Matches = [],
        Context = options.Context,
        Profile = options.Profile,
        PolicyName = Constitution.Name,
        Normalization = events,
        DecodedViews = decoded,
        InputLength = length,
    };

    private EffectiveRules Resolve(string? context, string? profile)
    {
        var enabled = _rules.Select(r => r.Rule.Enabled).ToArray();
        var actions = _rules.Select(r => r.Rule.Action).ToArray();
        var index = _rules.Select((r, i) => (r.Rule.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        var categoryActions = new Dictionary<string, AlignmentAction>(StringComparer.Ordinal);

        // One walk per adjustment, parents (extends) first; it sets rule switches and actions, and the detector
        // thresholds and category actions.
        double? safety = null;
        string? safetySource = null;
        void Apply(PolicyAdjustment adj, IReadOnlyDictionary<string, PolicyAdjustment> all, string kind, int depth)
        {
            if (depth < 16 && adj.Extends is { } parent && all.TryGetValue(parent, out var p))
            {
                Apply(p, all, kind, depth + 1);
            }

            foreach (var id in adj.DisableRules)
            {
                enabled[index[id]] = false;
            }

            foreach (var id in adj.EnableRules)
            {
                enabled[index[id]] = true;
            }

            foreach (var (id, action) in adj.RuleActions)
            {
                actions[index[id]] = action;
            }

            foreach (var (cat, action) in adj.CategoryActions)
            {
                categoryActions[cat] = action;
                for (var i = 0; i < _rules.Length; i++)
                {
                    if (_rules[i].Rule.Category?.Id == cat && !adj.RuleActions.ContainsKey(_rules[i].Rule.Id))
                    {
                        actions[i] = action;
                    }
                }
            }

            // toxicity first, so that a toxic category named in the same map keeps its own value.
            if (adj.Thresholds.TryGetValue(ThresholdNames.Toxicity, out var toxicity))
            {
                foreach (var c in ThresholdNames.ToxicCategories)
                {
                    thresholds[c.Id] = toxicity;
                }
            }

            foreach (var (k, v) in adj.Thresholds)
            {
                if (k == ThresholdNames.Safety)
                {
                    (safety, safetySource) = (v, $"{kind} '{adj.Name}'");
                }
                else if (HarmCategory.TryFind(k, out var c))
                {
                    thresholds[c.Id] = v;
                }
            }
        }

        // Context first, then the user's profile, which is the more specific of the two.
        if (context is not null)
        {
            Apply(Constitution.Contexts[context], Constitution.Contexts, "context", 0);
        }

        if (profile is not null)
        {
            Apply(Constitution.Profiles[profile], Constitution.Profiles, "profile", 0);
        }

        return new EffectiveRules(enabled, actions, thresholds, categoryActions, safety, safetySource);
    }

    private sealed record CompiledRule(PolicyRule Rule, int Trigger, int Context, int Unless);
}
