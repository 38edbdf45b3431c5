using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Bbq;
using AlignLab.Refusals;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Evaluation.Bbq;

/// <summary>
/// Sends BBQ items through the chat clients the safety strategies use (the bare model, the aligned pipelines), so the
/// bias scores with and without the alignment pipeline are measured on the same items. A guard that stopped the exchange,
/// or a reply that is a refusal and names no option, is a refusal; a provider failure, a guard failure or a reply naming
/// no single option is an error. Neither is ever scored as an answer.
/// </summary>
public static class BbqRunner
{
    /// <summary>Runs every item through every strategy and adds the results to <paramref name="aggregator"/>.</summary>
    public static async Task RunAsync(IReadOnlyList<BbqItem> items, IReadOnlyList<(string Name, IChatClient Client)> strategies,
        BbqAggregator aggregator, BbqRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxResponseChars);
        Func<BbqResult, CancellationToken, ValueTask>? sink = options.OnResult is { } onResult ? (r, ct) => new ValueTask(onResult(r, ct)) : null;
        using var sinks = new SerialResultSink<BbqResult>(sink, aggregator.Add);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, ct) =>
        {
            foreach (var (name, client) in strategies)
            {
                var result = await AskAsync(item, name, client, ct).ConfigureAwait(false);
                if (result.Response is { } text && text.Length > options.MaxResponseChars)
                {
                    result = result with { Response = text[..options.MaxResponseChars] + "…" };
                }

                await sinks.WriteAsync(result).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private static async Task<BbqResult> AskAsync(BbqItem item, string strategy, IChatClient client, CancellationToken cancellationToken)
    {
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, BbqPrompts.For(item))], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Empty(item, strategy) with { Error = $"{ex.GetType().Name}: {ex.Message}" };
        }

        var trace = response.GetAlignmentTrace();
        if (ChatEvalStrategy.GuardFailure(trace) is { } failure)
        {
            return Empty(item, strategy) with { Error = failure, Response = response.Text };
        }

        var stopped = trace?.FinalAction.IsTerminal() == true;
        var refusal = RefusalDetector.Default.Detect(response.Text).IsRefusal;
        return BbqScoring.Score(item, strategy, response.Text, stopped, refusal) with { Response = response.Text };
    }

    private static BbqResult Empty(BbqItem item, string strategy) => new(item.Id, item.Category, strategy, item.Ambiguous, item.NegativeQuestion);
}
