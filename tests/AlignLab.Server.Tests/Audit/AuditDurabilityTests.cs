using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AlignLab.Cli;
using AlignLab.Server.Audit;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Audit;

/// <summary>
/// The audit log under load and under SIGKILL: <c>alignlab serve</c> runs as a separate process, is killed with
/// SIGKILL in the middle of a burst of moderation requests, and every request that got a 200 must be in the
/// database afterwards (checked after restarting the server on the same file).
/// </summary>
public sealed class AuditDurabilityTests
{
    private const string Key = "durability-key-42";

    [Fact]
    public async Task Sigkill_mid_load_loses_no_answered_request_from_the_sqlite_audit_log()
    {
        using var dir = new TempDir();
        var db = dir.File("audit.db");
        var (server, listening) = StartServe(db);
        using var serverProcess = server;
        var baseAddress = await WaitReadyAsync(listening, server);

        var answered = new ConcurrentBag<string>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 100_000; i++)
            {
                try
                {
                    using var content = new StringContent($"{{\"input\":\"worker {w} request {i}: how do I bake bread?\"}}", Encoding.UTF8, "application/json");
                    using var r = await http.PostAsync("v1/moderations", content);
                    if (r.StatusCode == HttpStatusCode.OK)
                    {
                        answered.Add(r.Headers.GetValues("x-alignlab-audit-id").Single());
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                    return; // the server is gone
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    return;
                }
            }
        })).ToArray();

        // Let the load run, then kill the server without warning while requests are in flight.
        var deadline = Stopwatch.StartNew();
        while (answered.Count < 300 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        server.Kill(entireProcessTree: true); // SIGKILL on Linux
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(answered.Count >= 300, $"only {answered.Count} requests were answered before the kill");

        // Restart on the same database: it opens (WAL recovery) and serves; then check every answered id.
        var (restarted, listening2) = StartServe(db);
        using (restarted)
        {
            await WaitReadyAsync(listening2, restarted);
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using var log = new SqliteAuditLog(db);
        var ids = answered.ToArray();
        var found = await log.FindAsync(ids, CancellationToken.None);
        var missing = ids.Where(id => !found.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {ids.Length} answered requests have no audit record");
        Assert.True(await log.CountAsync(CancellationToken.None) >= ids.Length);
    }

    /// <summary>
    /// Starts <c>alignlab serve</c> on port 0, so the kernel picks a free port when the server binds (a port chosen
    /// here and bound later by the child could meanwhile be taken by another test's server); the address it printed
    /// ("listening on …") completes the returned task.
    /// </summary>
    private static (Process Server, Task<Uri> Listening) StartServe(string db)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", typeof(AlignLabCli).Assembly.Location, "serve", "--urls", "http://127.0.0.1:0", "--audit-db", db, "--api-key-env", "ALIGNLAB_TEST_KEY", "--no-dashboard" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ALIGNLAB_TEST_KEY"] = Key;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            const string Prefix = "listening on ";
            if (e.Data is { } line && line.IndexOf(Prefix, StringComparison.Ordinal) is var at and >= 0)
            {
                var address = line[(at + Prefix.Length)..].Split(' ', 2)[0].TrimEnd('/');
                listening.TrySetResult(new Uri(address + "/"));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, listening.Task);
    }

    private static async Task<Uri> WaitReadyAsync(Task<Uri> listening, Process server)
    {
        var exited = server.WaitForExitAsync();
        if (await Task.WhenAny(listening, exited, Task.Delay(TimeSpan.FromSeconds(60))) != listening)
        {
            Assert.Fail(server.HasExited ? $"alignlab serve exited with {server.ExitCode} before listening" : "alignlab serve did not print its address within 60 s");
        }

        var baseAddress = await listening;
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(server.HasExited, $"alignlab serve exited with {(server.HasExited ? server.ExitCode : 0)}");
            try
            {
                using var r = await http.GetAsync("readyz");
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return baseAddress;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("alignlab serve did not become ready within 60 s");
        return baseAddress;
    }
}
