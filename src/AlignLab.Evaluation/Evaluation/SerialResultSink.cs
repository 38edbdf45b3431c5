namespace AlignLab.Evaluation;

/// <summary>
/// Hands the results of a parallel run on one at a time, in the order they finish: first to the caller's sink (which
/// may write a file), then to the aggregator, so a sink never sees two results at once and an aggregated result has
/// always been handed on. Cancellation does not interrupt a hand-over: a finished result is never lost.
/// </summary>
/// <typeparam name="TResult">The result type.</typeparam>
/// <param name="sink">The caller's sink, or null.</param>
/// <param name="aggregate">Adds a result to the run's aggregator.</param>
public sealed class SerialResultSink<TResult>(Func<TResult, CancellationToken, ValueTask>? sink, Action<TResult> aggregate) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Hands one result on (waits for the previous hand-over to finish).</summary>
    public async Task WriteAsync(TResult result)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (sink is not null)
            {
                await sink(result, CancellationToken.None).ConfigureAwait(false);
            }

            aggregate(result);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();
}
