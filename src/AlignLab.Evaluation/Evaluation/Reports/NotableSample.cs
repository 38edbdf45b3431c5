using System.Globalization;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The notable cases a report lists (errors, harmful requests answered, successful attacks, false positives,
/// over-refusals), chosen so that every kind is represented rather than whatever arrived first: the capacity is shared
/// round-robin across the kinds (errors first), a kind with fewer cases than its share leaving the rest to the others.
/// Within a kind the cases are taken in the order of a stable hash of strategy and case id, so the choice is spread over
/// suites, transforms and strategies, and is the same whatever order the results arrived in. Memory is bounded by
/// capacity × kinds.
/// </summary>
public sealed class NotableSample
{
    /// <summary>The kinds, in the order they are served and listed.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["error", "harmful answered", "attack succeeded", "false positive", "over-refusal"];

    private readonly int _capacity;
    private readonly PriorityQueue<CaseResult, (ulong Hash, string Strategy, string CaseId)>[] _kept;
    private readonly long[] _totals;

    /// <summary>Creates an empty sample that will list at most <paramref name="capacity"/> cases.</summary>
    public NotableSample(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        var reversed = Comparer<(ulong Hash, string Strategy, string CaseId)>.Create((x, y) => Compare(y, x));
        _kept = [.. Kinds.Select(_ => new PriorityQueue<CaseResult, (ulong, string, string)>(reversed))];
        _totals = new long[Kinds.Count];
    }

    /// <summary>How many notable results were added in all.</summary>
    public long Total => _totals.Sum();

    /// <summary>How many notable results of each kind were added (kinds with none are left out), in <see cref="Kinds"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Totals =>
        [.. Kinds.Select((k, i) => new KeyValuePair<string, long>(k, _totals[i])).Where(p => p.Value > 0)];

    /// <summary>The kind of a notable result, or null when the result is not notable (blocked harmful, answered benign).</summary>
    public static string? KindOf(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Error: not null } => "error",
            { AttackSucceeded: true } => result.Transform is { Length: > 0 } and not "none" ? "attack succeeded" : "harmful answered",
            { Label: CaseLabel.Benign, Refused: true } => "false positive",
            { Label: CaseLabel.Contrast, Refused: true } => "over-refusal",
            _ => null,
        };
    }

    /// <summary>Counts <paramref name="result"/> and keeps it when it may be among the cases listed.</summary>
    public void Add(CaseResult result)
    {
        if (KindOf(result) is not { } kind)
        {
            return;
        }

        var i = IndexOf(kind);
        _totals[i]++;
        var key = (Hash(result.Strategy, result.CaseId), result.Strategy, result.CaseId);
        var kept = _kept[i];
        if (kept.Count < _capacity)
        {
            kept.Enqueue(result, key);
        }
        else if (_capacity > 0 && kept.TryPeek(out _, out var worst) && Compare(key, worst) < 0)
        {
            kept.DequeueEnqueue(result, key);
        }
    }

    /// <summary>The cases to list: at most the capacity, shared round-robin across the kinds, grouped by kind in <see cref="Kinds"/> order.</summary>
    public IReadOnlyList<CaseResult> Select()
    {
        var sorted = _kept.Select(q => q.UnorderedItems.OrderBy(x => x.Priority, Comparer<(ulong, string, string)>.Create(Compare)).Select(x => x.Element).ToList()).ToList();
        var take = new int[sorted.Count];
        var left = _capacity;
        var progress = true;
        while (left > 0 && progress)
        {
            progress = false;
            for (var k = 0; k < sorted.Count && left > 0; k++)
            {
                if (take[k] < sorted[k].Count)
                {
                    take[k]++;
                    left--;
                    progress = true;
                }
            }
        }

        return [.. sorted.SelectMany((list, k) => list.Take(take[k]))];
    }

    /// <summary>"Showing N of M notable cases …" for the report.</summary>
    public string Describe(int shown)
    {
        var kinds = string.Join("; ", Totals.Select(p => p.Key + " " + p.Value.ToString("N0", CultureInfo.InvariantCulture)));
        return shown >= Total
            ? string.Create(CultureInfo.InvariantCulture, $"Showing all {Total:N0} notable cases ({kinds}).")
            : string.Create(CultureInfo.InvariantCulture, $"Showing {shown:N0} of {Total:N0} notable cases, an even share of each kind ({kinds}); results.jsonl has them all.");
    }

    private static int IndexOf(string kind)
    {
        for (var i = 0; i < Kinds.Count; i++)
        {
            if (Kinds[i] == kind)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind");
    }

    private static int Compare((ulong Hash, string Strategy, string CaseId) x, (ulong Hash, string Strategy, string CaseId) y)
    {
        var c = x.Hash.CompareTo(y.Hash);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Strategy, y.Strategy);
        }

        return c != 0 ? c : string.CompareOrdinal(x.CaseId, y.CaseId);
    }

    /// <summary>FNV-1a over the strategy and case id (stable across processes, unlike string.GetHashCode).</summary>
    private static ulong Hash(string strategy, string caseId)
    {
        var h = 14695981039346656037UL;
        foreach (var c in strategy)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h = (h ^ 0x1F) * 1099511628211UL;
        foreach (var c in caseId)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}
