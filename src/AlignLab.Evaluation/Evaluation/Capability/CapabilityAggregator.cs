using System.Collections.Immutable;

namespace AlignLab.Evaluation.Capability;

/// <summary>
/// Collects capability results (thread-safe) and summarises them per strategy: each task's accuracy, the capability
/// score (the mean over accuracy tasks), the difference from the baseline with a paired percentile-bootstrap 95%
/// interval (items are resampled within each task, the same draw for both strategies), and the refusal rate on the
/// capability prompts, which are all benign.
/// </summary>
public sealed class CapabilityAggregator
{
    private const int Samples = 2000;
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, CapabilityResult>>> _results = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds one result (a second result for the same strategy and item replaces the first).</summary>
    public void Add(CapabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (!_results.TryGetValue(result.Strategy, out var tasks))
            {
                _results[result.Strategy] = tasks = new(StringComparer.Ordinal);
            }

            if (!tasks.TryGetValue(result.Task, out var items))
            {
                tasks[result.Task] = items = new(StringComparer.Ordinal);
            }

            items[result.ItemId] = result;
        }
    }

    /// <summary>Summaries for the strategies that have results; deltas are against <paramref name="baseline"/> when it has results.</summary>
    public ImmutableDictionary<string, CapabilitySummary> Summarize(string baseline, int seed)
    {
        lock (_gate)
        {
            _results.TryGetValue(baseline, out var reference);
            return _results.ToImmutableDictionary(kv => kv.Key, kv => Summarize(kv.Value, kv.Key == baseline ? null : reference, seed), StringComparer.Ordinal);
        }
    }

    private static CapabilitySummary Summarize(Dictionary<string, Dictionary<string, CapabilityResult>> tasks, Dictionary<string, Dictionary<string, CapabilityResult>>? baseline, int seed)
    {
        var all = tasks.Values.SelectMany(t => t.Values).ToList();
        var perTask = ImmutableDictionary.CreateBuilder<string, ScoreInterval>(StringComparer.Ordinal);
        foreach (var (task, items) in tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var scores = items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Value.Score).ToArray();
            perTask[task] = Bootstrap([scores], null, seed + Salt(task));
        }

        // Capability score and delta: accuracy tasks only, each weighing the same; the delta pairs items by id.
        var accuracy = tasks.Where(t => CapabilityTasks.AccuracyTasks.Contains(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        ScoreInterval? score = accuracy.Count == 0 ? null
            : Bootstrap([.. accuracy.Select(t => t.Value.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Value.Score).ToArray())], null, seed + 11);
        ScoreInterval? delta = null;
        if (baseline is not null && accuracy.Count > 0)
        {
            var mine = new List<double[]>();
            var theirs = new List<double[]>();
            foreach (var (task, items) in accuracy)
            {
                if (!baseline.TryGetValue(task, out var reference))
                {
                    continue;
                }

                var common = items.Keys.Where(reference.ContainsKey).Order(StringComparer.Ordinal).ToList();
                if (common.Count > 0)
                {
                    mine.Add([.. common.Select(id => items[id].Score)]);
                    theirs.Add([.. common.Select(id => reference[id].Score)]);
                }
            }

            delta = mine.Count == 0 ? null : Bootstrap(mine, theirs, seed + 13);
        }

        return new CapabilitySummary
        {
            Score = score,
            Delta = delta,
            BenignRefusal = all.Count == 0 ? null : WilsonInterval.Estimate(all.Count(r => r.Refused && r.Error is null), all.Count),
            Tasks = perTask.ToImmutable(),
            Items = all.Count,
            Errors = all.Count(r => r.Error is not null),
        };
    }

    /// <summary>
    /// The mean over groups of each group's mean score (minus the paired reference's, when given), with a 95%
    /// percentile-bootstrap interval that resamples items within each group.
    /// </summary>
    internal static ScoreInterval Bootstrap(IReadOnlyList<double[]> groups, IReadOnlyList<double[]>? reference, int seed)
    {
        var diffs = groups.Select((g, k) => reference is null ? g : [.. g.Select((v, i) => v - reference[k][i])]).Where(g => g.Length > 0).ToArray();
        var items = diffs.Sum(g => g.Length);
        if (diffs.Length == 0)
        {
            return new ScoreInterval(0, 0, 0, 0);
        }

        var value = diffs.Average(g => g.Average());
        if (diffs.All(g => g.All(v => v == g[0])))
        {
            return new ScoreInterval(value, value, value, items); // every resample is identical
        }

        var random = new Random(BootstrapInterval.StableSeed(seed, items));
        var draws = new double[Samples];
        for (var b = 0; b < Samples; b++)
        {
            var total = 0.0;
            foreach (var g in diffs)
            {
                var sum = 0.0;
                for (var i = 0; i < g.Length; i++)
                {
                    sum += g[random.Next(g.Length)];
                }

                total += sum / g.Length;
            }

            draws[b] = total / diffs.Length;
        }

        Array.Sort(draws);
        return new ScoreInterval(value, Math.Min(value, BootstrapInterval.Percentile(draws, 0.025)), Math.Max(value, BootstrapInterval.Percentile(draws, 0.975)), items);
    }

    private static int Salt(string key)
    {
        var h = 17;
        foreach (var c in key)
        {
            h = unchecked((h * 31) + c);
        }

        return h & 0xFFFF;
    }
}
