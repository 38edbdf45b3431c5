using System.Globalization;
using System.Text;

namespace AlignLab.Encoders.Training;

/// <summary>
/// Per-source and macro recall/FPR from leave-one-source-out rows, for the fast tier, each stacked head used always, and
/// each used only inside the fast tier's uncertain band; plus each always-on head's macro recall at the fast tier's own
/// macro FPR (its threshold moved until its macro FPR is no higher), the comparison at equal FPR.
/// </summary>
public static class OodSummary
{
    /// <summary>Sources with fewer rows of a label are not counted for that label.</summary>
    public const int MinRows = 10;

    /// <summary>The outcomes per source and system.</summary>
    public static IReadOnlyList<SourceOutcome> Outcomes(IReadOnlyList<ScoredRow> rows, float bandLow, float bandHigh)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new List<SourceOutcome>();
        foreach (var group in rows.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var recall = new Dictionary<string, double>(StringComparer.Ordinal);
            var fpr = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (system, flag) in Systems(list[0], bandLow, bandHigh))
            {
                recall[system] = Rate(list.Where(r => r.Unsafe).ToList(), flag);
                fpr[system] = Rate(list.Where(r => !r.Unsafe).ToList(), flag);
            }

            result.Add(new SourceOutcome(group.Key, list.Count(r => r.Unsafe), list.Count(r => !r.Unsafe), recall, fpr));
        }

        return result;
    }

    /// <summary>Macro recall over sources with at least <see cref="MinRows"/> unsafe rows.</summary>
    public static double MacroRecall(IReadOnlyList<SourceOutcome> outcomes, string system) =>
        outcomes.Where(o => o.Unsafe >= MinRows).Select(o => o.Recall[system]).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Macro FPR over sources with at least <see cref="MinRows"/> benign rows.</summary>
    public static double MacroFpr(IReadOnlyList<SourceOutcome> outcomes, string system) =>
        outcomes.Where(o => o.Benign >= MinRows).Select(o => o.Fpr[system]).DefaultIfEmpty(double.NaN).Average();

    /// <summary>A stacked head's macro recall at the highest-recall threshold whose macro FPR is at most <paramref name="fprBudget"/>.</summary>
    public static (double Threshold, double Recall, double Fpr) AtMacroFpr(IReadOnlyList<ScoredRow> rows, string kind, double fprBudget)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var candidates = rows.Where(r => !r.Unsafe).Select(r => (double)r.Stacked[kind]).Append(1.0001).Distinct().Order().ToArray();
        var lo = 0;
        var hi = candidates.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Macro(rows, kind, candidates[mid]).Fpr <= fprBudget)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var (recall, fpr) = Macro(rows, kind, candidates[lo]);
        return (candidates[lo], recall, fpr);
    }

    /// <summary>Rows as CSV (source, label, fast, fast threshold, then each head's probability and threshold).</summary>
    public static string ToCsv(IReadOnlyList<ScoredRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kinds = rows.Count == 0 ? [] : rows[0].Stacked.Keys.Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("source,unsafe,fast,fast_threshold");
        foreach (var k in kinds)
        {
            sb.Append(CultureInfo.InvariantCulture, $",{k},{k}_threshold");
        }

        sb.Append('\n');
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Source},{(r.Unsafe ? 1 : 0)},{r.Fast:0.######},{r.FastThreshold:0.######}");
            foreach (var k in kinds)
            {
                sb.Append(CultureInfo.InvariantCulture, $",{r.Stacked[k]:0.######},{r.StackedThreshold[k]:0.######}");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static (double Recall, double Fpr) Macro(IReadOnlyList<ScoredRow> rows, string kind, double threshold)
    {
        var recalls = new List<double>();
        var fprs = new List<double>();
        foreach (var g in rows.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var pos = g.Where(r => r.Unsafe).ToList();
            var neg = g.Where(r => !r.Unsafe).ToList();
            if (pos.Count >= MinRows)
            {
                recalls.Add(pos.Count(r => r.Stacked[kind] >= threshold) / (double)pos.Count);
            }

            if (neg.Count >= MinRows)
            {
                fprs.Add(neg.Count(r => r.Stacked[kind] >= threshold) / (double)neg.Count);
            }
        }

        return (recalls.DefaultIfEmpty(double.NaN).Average(), fprs.DefaultIfEmpty(double.NaN).Average());
    }

    private static IEnumerable<(string System, Func<ScoredRow, bool> Flag)> Systems(ScoredRow sample, float bandLow, float bandHigh)
    {
        yield return ("fast", r => r.Fast >= r.FastThreshold);
        foreach (var kind in sample.Stacked.Keys.Order(StringComparer.Ordinal))
        {
            yield return ($"{kind}", r => r.Stacked[kind] >= r.StackedThreshold[kind]);
            yield return ($"{kind}_band", r => r.Fast >= bandLow && r.Fast <= bandHigh ? r.Stacked[kind] >= r.StackedThreshold[kind] : r.Fast >= r.FastThreshold);
        }
    }

    private static double Rate(List<ScoredRow> rows, Func<ScoredRow, bool> flag) => rows.Count == 0 ? double.NaN : rows.Count(flag) / (double)rows.Count;
}
