using System.Text.Json;
using AlignLab.Cai.Files;

namespace AlignLab.Cai.Generation;

/// <summary>
/// A generation run over an output directory: <c>cai.jsonl</c> (appended, one flushed line per prompt),
/// <c>failures.jsonl</c>, then <c>sft.jsonl</c> and <c>pairs.jsonl</c> derived from the records. Rerunning over the same
/// directory resumes: prompts whose ids <c>cai.jsonl</c> holds are skipped, a torn last line is cut, failures are tried
/// again. The prompts are read lazily, a few at a time, so memory does not grow with their number (beyond the set of ids).
/// </summary>
public static class CaiDatasetRun
{
    /// <summary>
    /// Generates a record for every prompt not yet in <paramref name="directory"/>, <see cref="CaiRunOptions.Concurrency"/>
    /// at a time, and writes the derived files. Cancellation stops taking prompts, keeps every record already written,
    /// still writes the derived files and returns with <see cref="CaiSummary.Cancelled"/> set.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static async Task<CaiSummary> RunAsync(
        IEnumerable<CaiPrompt> prompts,
        string directory,
        CaiGenerator generator,
        CaiRunOptions? options = null,
        IProgress<CaiProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new CaiRunOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid run options: " + string.Join(" ", errors), nameof(options));
        }

        var time = options.TimeProvider ?? TimeProvider.System;
        var start = time.GetTimestamp();
        long resumed = 0, generated = 0, failed = 0;
        var cancelled = false;
        CaiSummary derived;
        long torn, unreadable;
        using (var log = CaiRecordLog.Open(directory))
        {
            torn = log.TornBytes;
            unreadable = log.UnreadableLines;
            void Report() => progress?.Report(
                new CaiProgress(Interlocked.Read(ref resumed), Interlocked.Read(ref generated), Interlocked.Read(ref failed)));
            IEnumerable<CaiPrompt> Pending()
            {
                foreach (var p in prompts)
                {
                    if (log.Done.Contains(p.Id))
                    {
                        Interlocked.Increment(ref resumed);
                        Report();
                        continue;
                    }

                    yield return p;
                }
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
            try
            {
                await Parallel.ForEachAsync(Pending(), parallel, async (prompt, ct) =>
                {
                    var outcome = await generator.GenerateAsync(prompt, ct).ConfigureAwait(false);
                    if (outcome.Record is { } record)
                    {
                        log.Append(record);
                        Interlocked.Increment(ref generated);
                    }
                    else if (outcome.Failure is { } failure)
                    {
                        log.Append(failure);
                        Interlocked.Increment(ref failed);
                    }

                    Report();
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        derived = CaiDerivedFiles.Write(directory, options);
        var elapsed = time.GetElapsedTime(start).TotalSeconds;
        return derived with
        {
            Resumed = resumed,
            Generated = generated,
            Failed = failed,
            TornBytes = torn,
            UnreadableLines = unreadable,
            ElapsedSeconds = elapsed,
            PromptsPerSecond = elapsed > 0 ? generated / elapsed : 0,
            Cancelled = cancelled,
        };
    }

    /// <summary>Writes <paramref name="summary"/> as <c>summary.json</c> in <paramref name="directory"/>.</summary>
    public static void WriteSummary(string directory, CaiSummary summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(summary);
        var json = JsonSerializer.Serialize(summary, CaiJsonContext.Indented.CaiSummary);
        File.WriteAllText(Path.Combine(directory, CaiFileNames.Summary), json + "\n");
    }

    /// <summary>Reads the failures of the latest run in <paramref name="directory"/> (at most <paramref name="max"/>).</summary>
    public static IReadOnlyList<CaiFailure> ReadFailures(string directory, int max = 100)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, CaiFileNames.Failures);
        if (!File.Exists(path))
        {
            return [];
        }

        var list = new List<CaiFailure>();
        foreach (var line in File.ReadLines(path))
        {
            if (list.Count >= max)
            {
                break;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, CaiJsonContext.Lines.CaiFailure) is { } f)
                {
                    list.Add(f);
                }
            }
            catch (JsonException)
            {
                // A torn last line of a killed run: nothing to list.
            }
        }

        return list;
    }
}
