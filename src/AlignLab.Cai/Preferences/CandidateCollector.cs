using System.Globalization;
using Microsoft.Extensions.AI;

namespace AlignLab.Cai.Preferences;

/// <summary>
/// Collects candidate answers for preference labelling: every prompt goes to every model
/// <see cref="CandidateCollectionOptions.Samples"/> times, and one <see cref="CandidateSet"/> line per prompt is written
/// in input order, in constant memory (at most <see cref="CandidateCollectionOptions.Concurrency"/> prompts in flight).
/// A failed call is counted and recorded on its line, never written as an answer.
/// </summary>
public static class CandidateCollector
{
    /// <summary>Collects answers to <paramref name="prompts"/> from <paramref name="models"/> into <paramref name="output"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (lines written so far stay).</exception>
    public static async Task<CandidateCollectionSummary> RunAsync(
        IEnumerable<PromptEntry> prompts,
        IReadOnlyList<CandidateModel> models,
        TextWriter output,
        CandidateCollectionOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new CandidateCollectionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        if (models.Count == 0)
        {
            throw new ArgumentException("at least one model is needed", nameof(models));
        }

        var malformedLines = new List<string>();
        var failureSamples = new List<string>();
        int written = 0, candidates = 0, failures = 0, incomparable = 0, malformed = 0, resumed = 0;
        var pending = new Queue<Task<CandidateSet>>();

        async Task WriteNextAsync()
        {
            var set = await pending.Dequeue().ConfigureAwait(false);
            written++;
            candidates += set.Candidates.Count;
            incomparable += set.Candidates.Count < 2 ? 1 : 0;
            foreach (var f in set.Failures ?? [])
            {
                failures++;
                if (failureSamples.Count < options.MaxListed)
                {
                    failureSamples.Add(string.Create(CultureInfo.InvariantCulture, $"{set.Id} {f.Model}#{f.Sample}: {f.Error}"));
                }
            }

            await output.WriteLineAsync(PreferenceJson.ToLine(set)).ConfigureAwait(false);
            progress?.Report(written);
        }

        try
        {
            foreach (var entry in prompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Prompt is null)
                {
                    malformed++;
                    if (malformedLines.Count < options.MaxListed)
                    {
                        malformedLines.Add(string.Create(CultureInfo.InvariantCulture, $"line {entry.Line}: {entry.Error}"));
                    }

                    continue;
                }

                var id = entry.Id ?? entry.Line.ToString(CultureInfo.InvariantCulture);
                if (options.Done?.Contains(id) == true)
                {
                    resumed++;
                    continue;
                }

                pending.Enqueue(CollectAsync(id, entry.Prompt, models, options, cancellationToken));
                while (pending.Count >= options.Concurrency)
                {
                    await WriteNextAsync().ConfigureAwait(false);
                }
            }

            while (pending.Count > 0)
            {
                await WriteNextAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var task in pending)
            {
                await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new CandidateCollectionSummary
        {
            Prompts = written,
            Candidates = candidates,
            Failures = failures,
            Incomparable = incomparable,
            Malformed = malformed,
            Resumed = resumed,
            MalformedLines = malformedLines,
            FailureSamples = failureSamples,
        };
    }

    private static async Task<CandidateSet> CollectAsync(string id, string prompt, IReadOnlyList<CandidateModel> models,
        CandidateCollectionOptions options, CancellationToken cancellationToken)
    {
        var calls = models
            .SelectMany(m => Enumerable.Range(0, options.Samples).Select(s => GenerateAsync(m, s, prompt, options, cancellationToken)))
            .ToList();
        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        var failed = results.Where(r => r.Failure is not null).Select(r => r.Failure!).ToList();
        return new CandidateSet
        {
            Id = id,
            Prompt = prompt,
            Candidates = results.Where(r => r.Candidate is not null).Select(r => r.Candidate!).ToList(),
            Failures = failed.Count == 0 ? null : failed,
        };
    }

    private static async Task<(Candidate? Candidate, CandidateFailure? Failure)> GenerateAsync(CandidateModel model, int sample, string prompt,
        CandidateCollectionOptions options, CancellationToken cancellationToken)
    {
        var chatOptions = new ChatOptions { Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };
        using var timeout = new CancellationTokenSource(options.Timeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await model.Client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], chatOptions, linked.Token)
                .WaitAsync(linked.Token).ConfigureAwait(false);
            var text = response.Text;
            return string.IsNullOrWhiteSpace(text)
                ? (null, new CandidateFailure(model.Name, sample, "the model's answer was empty"))
                : (new Candidate(model.Name, sample, text), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, new CandidateFailure(model.Name, sample,
                string.Create(CultureInfo.InvariantCulture, $"no answer within {options.Timeout.TotalSeconds:0.#} s")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, new CandidateFailure(model.Name, sample, ex.Message));
        }
    }
}
