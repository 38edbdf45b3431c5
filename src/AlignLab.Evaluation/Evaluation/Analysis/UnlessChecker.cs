using System.Text.RegularExpressions;
using AlignLab.Constitutions;
using AlignLab.Rules;

namespace AlignLab.Evaluation.Analysis;

/// <summary>
/// Checks candidate <c>unless:</c> exceptions against harmful cases: the guard is rebuilt with the exception added to
/// the rule and run on every harmful case that the guard blocks today and that the rule matches (no other case can be
/// let through by an exception to that rule). A candidate that lets any of them through is unsafe.
/// </summary>
internal sealed partial class UnlessChecker
{
    private readonly RuleEngine _engine;
    private readonly EvaluationOptions _evaluation;
    private readonly List<(EvalCase Case, HashSet<string> Rules)> _blocked = [];

    public UnlessChecker(RuleEngine engine, IEnumerable<EvalCase> harmful, EvaluationOptions evaluation, CancellationToken cancellationToken)
    {
        _engine = engine;
        _evaluation = evaluation with { CollectEvidence = false };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in harmful)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(c.Text))
            {
                continue;
            }

            var decision = engine.Evaluate(c.Text, PolicyStage.Input, _evaluation);
            if (decision.IsBlocking)
            {
                _blocked.Add((c, decision.Matches.Select(m => m.Rule.Id).ToHashSet(StringComparer.Ordinal)));
            }
        }

        Harmful = seen.Count;
    }

    /// <summary>Distinct harmful texts read.</summary>
    public int Harmful { get; }

    /// <summary>Harmful cases the guard blocks that <paramref name="ruleId"/> matches: those an exception to it is checked against.</summary>
    public int Relevant(string ruleId) => _blocked.Count(b => b.Rules.Contains(ruleId));

    /// <summary>The <c>unless:</c> pattern text for a phrase: as it is when it is plain words, else regex-escaped.</summary>
    public static string PatternFor(string phrase) => PlainPhrase().IsMatch(phrase) ? phrase : Regex.Escape(phrase);

    /// <summary>Ids of the harmful cases the guard blocks today and would let through with <paramref name="unless"/> as the rule's whole <c>unless:</c> pattern.</summary>
    public List<string> LetThrough(PolicyRule rule, string unless)
    {
        var relevant = _blocked.Where(b => b.Rules.Contains(rule.Id)).ToList();
        if (relevant.Count == 0)
        {
            return [];
        }

        var rules = _engine.Constitution.Rules;
        var index = rules.IndexOf(rule);
        var relaxed = rule with { Unless = new PatternSpec(unless, MatchMode.Word, rule.Trigger.CaseSensitive, rule.Unless?.Location ?? rule.Trigger.Location) };
        var variant = new RuleEngine(_engine.Constitution with { Rules = rules.SetItem(index, relaxed) }, _engine.Normalizer, _engine.Classifier);
        return [.. relevant.Where(b => !variant.Evaluate(b.Case.Text, PolicyStage.Input, _evaluation).IsBlocking).Select(b => b.Case.Id)];
    }

    [GeneratedRegex(@"^[\p{L}\p{N}' -]+$")]
    private static partial Regex PlainPhrase();
}
