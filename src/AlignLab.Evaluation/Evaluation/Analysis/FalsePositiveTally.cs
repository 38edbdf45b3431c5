using AlignLab.Constitutions;

namespace AlignLab.Evaluation.Analysis;

/// <summary>What <see cref="FalsePositiveAnalyzer"/> gathers for one cause while it reads the cases.</summary>
internal sealed class FalsePositiveTally(FalsePositiveCauseKind kind, string id)
{
    public FalsePositiveCauseKind Kind { get; } = kind;

    public string Id { get; } = id;

    public int Count { get; set; }

    public Dictionary<AlignmentAction, int> Actions { get; } = [];

    public Dictionary<string, int> Phrases { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Candidates { get; } = new(StringComparer.Ordinal);

    public List<FalsePositiveExample> Examples { get; } = [];

    public List<double> Scores { get; } = [];

    public double? Threshold { get; set; }

    public string? ExistingUnless { get; set; }

    public string? FirstFailure { get; set; }

    /// <summary>Counts each phrase once for this case.</summary>
    public static void CountOnce(Dictionary<string, int> counts, IEnumerable<string> phrases)
    {
        foreach (var p in phrases.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal))
        {
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }
    }

    /// <summary>Most frequent first; ties: longer first (more specific), then ordinal.</summary>
    public static List<PhraseCount> Top(Dictionary<string, int> counts, int n) =>
        [.. counts.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, n)).Select(kv => new PhraseCount(kv.Key, kv.Value))];
}
