using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AlignLab.Testing.ModelServer;

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
    public async Task An_unreachable_model_stops_the_run_early_and_a_resume_runs_what_it_could_not()
    {
        var run = Out("run");
        string[] Args(string endpoint) => ["eval", "--suite", "benign", "--attacks", "none", "--strategies", "guard_only,baseline", "--model", $"openai:x@{endpoint};retries=0", "--output", run, "--concurrency", "2"];
        var results = Path.Combine(run, "results.jsonl");
        int Count(string strategy) => File.ReadLines(results).Count(l => JsonDocument.Parse(l).RootElement.GetProperty("strategy").GetString() == strategy);
        var watch = Stopwatch.StartNew();

        var r = await CliRunner.RunAsync(Args($"http://127.0.0.1:{ClosedLoopbackPort()}/v1")).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("could not be reached", r.Error, StringComparison.Ordinal);
        Assert.Contains("--resume", r.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"{watch.Elapsed}");
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        var guardDone = Count("guard_only");
        Assert.InRange(guardDone, 1, 30); // the bundled benign suite has 200 cases: it stopped after the first failures
        Assert.Equal(0, Count("baseline")); // never reached: nothing was evaluated with the model, so nothing is recorded for it

        // The endpoint fixed, --resume keeps the guard's results and runs every model case.
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("Sure, here is how."));
        var resumed = await CliRunner.RunAsync(Args(server.OpenAIBaseUrl.ToString().TrimEnd('/'))).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(ExitCodes.UsageError, resumed.ExitCode); // results exist: --resume is required
        resumed = await CliRunner.RunAsync([.. Args(server.OpenAIBaseUrl.ToString().TrimEnd('/')), "--resume"]).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Error);
        Assert.Equal(200, Count("guard_only"));
        Assert.Equal(200, Count("baseline"));
        Assert.DoesNotContain(File.ReadLines(results), l => l.Contains("\"error\"", StringComparison.Ordinal));
    }
}
