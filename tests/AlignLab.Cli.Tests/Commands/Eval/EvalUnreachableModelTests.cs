using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>A model that cannot be reached stops the run after a few calls instead of failing every case.</summary>
public sealed class EvalUnreachableModelTests : EvalTempDir
{
    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port; // nothing listens here now: connections are refused
    }

    [Fact]
    public async Task An_unreachable_model_stops_the_run_early_and_keeps_what_was_written()
    {
        var run = Out("run");
        var args = new[] { "eval", "--suite", "benign", "--attacks", "none", "--strategies", "guard_only,baseline", "--model", $"openai:x@http://127.0.0.1:{ClosedLoopbackPort()}/v1;retries=0", "--output", run, "--concurrency", "2" };
        var watch = Stopwatch.StartNew();

        var r = await CliRunner.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("could not be reached", r.Error, StringComparison.Ordinal);
        Assert.Contains("--resume", r.Error, StringComparison.Ordinal);
        var baseline = File.ReadLines(Path.Combine(run, "results.jsonl")).Count(l => JsonDocument.Parse(l).RootElement.GetProperty("strategy").GetString() == "baseline");
        Assert.InRange(baseline, 10, 20); // the bundled benign suite has 200 cases: it stopped after the first failures
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"{watch.Elapsed}");
    }
}
