using System.Diagnostics;
using System.Net;

namespace AlignLab.LoadTest;

/// <summary>
/// Closed-loop load (<c>concurrency</c> workers each send, wait, repeat) with <see cref="HttpClient"/>, stopping at a
/// count or a time limit. Open-loop load is <see cref="OpenLoopGenerator"/>.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, HttpClient http, Func<int, HttpRequestMessage> request, int concurrency, int maxRequests, TimeSpan maxTime, CancellationToken cancellationToken)
    {
        var latencies = new double[maxRequests];
        var next = -1;
        var errors = 0;
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (sw.Elapsed < maxTime && !cancellationToken.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= maxRequests)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                if (!await SendAsync(http, request(i), cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        sw.Stop();
        var done = Math.Min(Volatile.Read(ref next) + 1, maxRequests);
        // Workers that stopped on the time limit may have claimed an index without running it.
        return Summarize(name, [.. latencies.Take(done).Where(l => l > 0)], errors, sw.Elapsed);
    }

    /// <summary>Sends one request and reads its whole answer; true for a 200.</summary>
    private static async Task<bool> SendAsync(HttpClient http, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using (message)
        {
            try
            {
                using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }

    private static LoadResult Summarize(string name, double[] latencies, int errors, TimeSpan elapsed)
    {
        var measured = latencies.Order().ToArray();
        double Pct(double p) => measured.Length == 0 ? 0 : measured[Math.Min(measured.Length - 1, (int)Math.Ceiling(p * measured.Length) - 1)];
        return new LoadResult(name, measured.Length, errors, elapsed, Pct(0.50), Pct(0.95), Pct(0.99), measured.Length == 0 ? 0 : measured[^1]);
    }
}
