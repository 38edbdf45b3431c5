namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The per-case distributions the report's charts need and <see cref="EvalSummary"/> does not keep: the classifier
/// score of each case (for the ROC curve) and each strategy's latencies (for the latency histogram). Build it by
/// streaming every result of a run through <see cref="Add"/>; memory is one score per case and one number per result.
/// </summary>
public sealed class EvalDistributions
{
    private readonly Dictionary<string, (double Score, bool Harmful)> _scores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<double>> _latency = new(StringComparer.Ordinal);

    /// <summary>Results added.</summary>
    public int Results { get; private set; }

    /// <summary>
    /// One classifier score per case id (the first result that carried one), with harmful cases as positives and benign
    /// and contrast cases as negatives.
    /// </summary>
    public IReadOnlyList<(double Score, bool Harmful)> Scores => [.. _scores.Values];

    /// <summary>Latencies (ms) of the results that did not error, by strategy, in the order added.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> LatencyMs =>
        _latency.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value, StringComparer.Ordinal);

    /// <summary>Builds the distributions from a sequence of results.</summary>
    public static EvalDistributions From(IEnumerable<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var d = new EvalDistributions();
        foreach (var r in results)
        {
            d.Add(r);
        }

        return d;
    }

    /// <summary>Adds one result.</summary>
    public void Add(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Results++;
        if (result.Score is { } score && double.IsFinite(score))
        {
            _scores.TryAdd(result.CaseId, (score, result.Label == CaseLabel.Harmful));
        }

        if (result.Error is null && double.IsFinite(result.LatencyMs))
        {
            if (!_latency.TryGetValue(result.Strategy, out var list))
            {
                _latency[result.Strategy] = list = [];
            }

            list.Add(result.LatencyMs);
        }
    }
}
