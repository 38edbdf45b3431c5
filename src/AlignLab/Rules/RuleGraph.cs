using System.Text.RegularExpressions;
using AlignLab.Constitutions;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// How a constitution's rules relate: which rules share trigger phrases (so the same text fires both), and
/// for each such overlap which rule wins by precedence — a conflict when their actions differ.
/// </summary>
public sealed class RuleGraph
{
    private RuleGraph(IReadOnlyList<PolicyRule> rules, IReadOnlyList<RuleOverlap> overlaps)
    {
        Rules = rules;
        Overlaps = overlaps;
    }

    /// <summary>All rules, in declaration order.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary>Pairs of rules that can fire on the same words.</summary>
    public IReadOnlyList<RuleOverlap> Overlaps { get; }

    /// <summary>Builds the graph. Shared phrases are found exactly for word lists and by testing each rule's regex against the other's phrases.</summary>
    public static RuleGraph Build(Constitution constitution, TextNormalizer? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        normalizer ??= TextNormalizer.Default;
        var rules = constitution.Rules;
        var phrases = rules.Select(r => Phrases(r.Trigger, normalizer)).ToArray();
        var regexes = rules.Select(r => PatternCompiler.TryParseLiterals(r.Trigger.Pattern, out _) ? null : PatternCompiler.BuildRegex(r.Trigger)).ToArray();
        var overlaps = new List<RuleOverlap>();
        for (var i = 0; i < rules.Length; i++)
        {
            for (var j = i + 1; j < rules.Length; j++)
            {
                var shared = new SortedSet<string>(StringComparer.Ordinal);
                shared.UnionWith(phrases[i].Intersect(phrases[j]));
                if (regexes[i] is { } ri)
                {
                    shared.UnionWith(phrases[j].Where(p => SafeMatch(ri, p)));
                }

                if (regexes[j] is { } rj)
                {
                    shared.UnionWith(phrases[i].Where(p => SafeMatch(rj, p)));
                }

                if (shared.Count == 0)
                {
                    continue;
                }

                var (winner, loser) = Precedes(rules[i], rules[j]) ? (rules[i], rules[j]) : (rules[j], rules[i]);
                var reason = winner.Action != loser.Action ? "more protective action"
                    : winner.Priority != loser.Priority ? "higher priority"
                    : winner.Severity != loser.Severity ? "higher severity"
                    : "declared first";
                overlaps.Add(new RuleOverlap(rules[i], rules[j], [.. shared], winner, reason, winner.Action != loser.Action));
            }
        }

        return new RuleGraph(rules, overlaps);
    }

    /// <summary>True when <paramref name="a"/> wins over <paramref name="b"/> when both fire.</summary>
    public static bool Precedes(PolicyRule a, PolicyRule b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Action != b.Action)
        {
            return a.Action > b.Action;
        }

        if (a.Priority != b.Priority)
        {
            return a.Priority > b.Priority;
        }

        return a.Severity != b.Severity ? a.Severity > b.Severity : a.Order < b.Order;
    }

    private static HashSet<string> Phrases(PatternSpec spec, TextNormalizer normalizer)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (PatternCompiler.TryParseLiterals(spec.Pattern, out var list))
        {
            foreach (var p in list)
            {
                set.Add(string.Join(' ', WordTokenizer.Words(normalizer.Normalize(p).Primary.Text)));
            }
        }

        return set;
    }

    private static bool SafeMatch(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>Two rules that can fire on the same phrases, and which one wins.</summary>
/// <param name="First">The rule declared first.</param>
/// <param name="Second">The rule declared second.</param>
/// <param name="SharedPhrases">Trigger phrases both rules match.</param>
/// <param name="Winner">The rule whose action decides when both fire.</param>
/// <param name="Reason">Why it wins (precedence step).</param>
/// <param name="IsConflict">True when the two rules ask for different actions.</param>
public sealed record RuleOverlap(PolicyRule First, PolicyRule Second, IReadOnlyList<string> SharedPhrases, PolicyRule Winner, string Reason, bool IsConflict);
