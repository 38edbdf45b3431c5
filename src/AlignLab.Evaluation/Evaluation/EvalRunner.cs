namespace AlignLab.Evaluation;

/// <summary>
/// Runs every strategy on every case with bounded parallelism. Cases are pulled lazily from the enumerable (a
/// 100,000-case suite is never materialised); results go to <see cref="EvalRunOptions.OnResult"/> as they finish and
/// into the aggregator. Cancelling stops pulling new cases; results already finished have been handed on, so a
/// resumed run (<see cref="EvalRunOptions.Completed"/>) repeats nothing and loses nothing.
/// </summary>
public static class EvalRunner
{
    /// <summary>Prompts are kept in results up to this many characters.</summary>
    public const int MaxPromptChars = 1000;

    /// <summary>Runs the cases; returns the number of cases processed in this run.</summary>
    public static async Task<int> RunAsync(IEnumerable<EvalCase> cases, IReadOnlyList<IEvalStrategy> strategies, EvalAggregator aggregator, EvalRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var done = 0;
        var skipped = 0;
        var errorCount = 0;
        using var sinks = new SerialResultSink<CaseResult>(options.OnResult, aggregator.Add);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(cases, parallel, async (evalCase, ct) =>
        {
            var ran = false;
            foreach (var strategy in strategies)
            {
                if (options.Completed.Contains((strategy.Name, evalCase.Id)))
                {
                    continue;
                }

                CaseResult result;
                try
                {
                    result = await strategy.RunAsync(evalCase, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A strategy failure is recorded as an errored case, never as a pass, and the run goes on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    result = new CaseResult(evalCase.Id, strategy.Name, evalCase.Label, evalCase.Suite)
                    {
                        Category = evalCase.Category,
                        ParentId = evalCase.ParentId,
                        Transform = evalCase.Transform,
                        Error = $"{ex.GetType().Name}: {ex.Message}",
                    };
                }

                result = result with { Prompt = Truncate(evalCase.Text) };
                ran = true;
                if (result.Error is not null)
                {
                    Interlocked.Increment(ref errorCount);
                }

                await sinks.WriteAsync(result).ConfigureAwait(false);
            }

            var d = ran ? Interlocked.Increment(ref done) : Volatile.Read(ref done);
            var s = ran ? Volatile.Read(ref skipped) : Interlocked.Increment(ref skipped);
            options.Progress?.Report(new EvalProgress(d, s, Volatile.Read(ref errorCount)));
        }).ConfigureAwait(false);
        return done;
    }

    private static string Truncate(string text)
    {
        if (text.Length <= MaxPromptChars)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxPromptChars - 1]) ? MaxPromptChars - 1 : MaxPromptChars;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
