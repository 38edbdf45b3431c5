using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// The constitution's rules as a detector: one scan of every view through the <see cref="PatternSet"/>, then each
/// enabled rule of the stage is checked against its trigger, <c>unless</c> and <c>context</c> hits. Thread-safe.
/// </summary>
internal sealed class RuleDetector : IDetector
{
    private const int MaxEvidencePerRule = 5;
    private const int MaxEvidenceText = 200;

    private readonly PatternSet _patterns;
    private readonly CompiledRule[] _rules;

    [ThreadStatic]
    private static HitCollector? t_hits;

    public RuleDetector(Constitution constitution, TextNormalizer normalizer)
    {
        _patterns = new PatternSet(normalizer);
        _rules = [.. constitution.Rules.Select(r =>
            new CompiledRule(r, _patterns.Add(r.Trigger), _patterns.Add(r.Context), _patterns.Add(r.Unless)))];
        _patterns.Seal();
    }

    public string Name => "rules";

    /// <summary>Number of distinct compiled patterns.</summary>
    public int PatternCount => _patterns.Count;

    public DetectorFinding Detect(DetectionContext context)
    {
        var (text, normalized, stage, effective) = (context.Text, context.Normalized, context.Stage, context.Policy);
        var hits = t_hits ??= new HitCollector();
        hits.Reset(_patterns.Count);
        var failures = _patterns.Scan(text, normalized, hits);

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
            var evidence = context.Options.CollectEvidence ? Evidence(text, normalized, triggers, rule, hits) : [];
            matches.Add(new RuleMatch(rule.Rule, effective.Actions[i], evidence));
            if (effective.Actions[i] == AlignmentAction.Redact)
            {
                redactions ??= [];
                redactions.AddRange(triggers.Select(t =>
                    t.View < 0 ? new TextSpan(t.Start, t.Length) : normalized.Views[t.View].MapToOriginal(t.Start, t.Length)));
            }
        }

        return new DetectorFinding(Name)
        {
            Matches = (IReadOnlyList<RuleMatch>?)matches ?? [],
            Redactions = (IReadOnlyList<TextSpan>?)redactions ?? [],
            Failures = failures,
        };
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

    private static List<MatchEvidence> Evidence(
        string text, NormalizedText normalized, List<HitCollector.Hit> triggers, CompiledRule rule, HitCollector hits)
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
            var original = Clip(text.Substring(hit.Start, hit.Length));
            return new MatchEvidence(role, "original", original, span, original, []);
        }

        var view = normalized.Views[hit.View];
        var mapped = view.MapToOriginal(hit.Start, hit.Length);
        var revealed = normalized.EventsOverlapping(mapped).ToList();
        return new MatchEvidence(
            role, view.Source, Clip(view.Text.Substring(hit.Start, hit.Length)), mapped, Clip(text.Substring(mapped.Start, mapped.Length)), revealed);
    }

    private static string Clip(string s) => s.Length <= MaxEvidenceText ? s : string.Concat(s.AsSpan(0, MaxEvidenceText - 1), "…");

    private sealed record CompiledRule(PolicyRule Rule, int Trigger, int Context, int Unless);
}
