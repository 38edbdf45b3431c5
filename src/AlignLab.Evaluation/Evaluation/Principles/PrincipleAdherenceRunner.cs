using System.Collections.Immutable;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Principles;

/// <summary>
/// Scores an eval run's answers against constitution principles: streams the run's results, sends every answer of one
/// strategy (non-empty, without error) to a <see cref="PrincipleAdherenceJudge"/> with bounded concurrency, and counts
/// per principle how many answers follow it. Memory is constant in the number of results.
/// </summary>
public static class PrincipleAdherenceRunner
{
    /// <summary>Judges the answers of <paramref name="strategy"/> in <paramref name="results"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<PrincipleAdherenceSummary> RunAsync(IEnumerable<CaseResult> results, string strategy, PrincipleAdherenceJudge judge,
        int concurrency = 4, string? judgeName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var ids = judge.Principles.Select(p => p.Id).ToList();
        var follows = new int[ids.Count];
        var judged = new int[ids.Count];
        int answers = 0, errors = 0;
        var gate = new object();
        var answered = results.Where(r => r.Strategy == strategy && r.Error is null && !string.IsNullOrWhiteSpace(r.Response));
        await Parallel.ForEachAsync(answered, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (result, ct) =>
            {
                var verdict = await judge.JudgeAsync(result.Prompt ?? "", result.Response!, ct).ConfigureAwait(false);
                lock (gate)
                {
                    answers++;
                    errors += verdict.Error is null ? 0 : 1;
                    for (var i = 0; i < ids.Count; i++)
                    {
                        if (verdict.Follows.TryGetValue(ids[i], out var yes))
                        {
                            judged[i]++;
                            follows[i] += yes ? 1 : 0;
                        }
                    }
                }
            }).ConfigureAwait(false);

        return new PrincipleAdherenceSummary
        {
            Strategy = strategy,
            Judge = judgeName,
            Answers = answers,
            Errors = errors,
            Principles = [.. ids.Select((id, i) => new PrincipleAdherence(id, WilsonInterval.Estimate(follows[i], judged[i]), answers - judged[i]))],
        };
    }

    /// <summary>
    /// Judges the answers of <paramref name="strategy"/> in the results file at <paramref name="resultsPath"/> (a run's results.jsonl).
    /// </summary>
    public static async Task<PrincipleAdherenceSummary> RunAsync(string resultsPath, string strategy, PrincipleAdherenceJudge judge,
        int concurrency = 4, string? judgeName = null, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(resultsPath);
        return await RunAsync(new CaseResultReader(reader).Read(), strategy, judge, concurrency, judgeName, cancellationToken).ConfigureAwait(false);
    }
}
