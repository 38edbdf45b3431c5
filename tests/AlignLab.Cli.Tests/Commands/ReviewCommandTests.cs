using System.Diagnostics;
using System.Text.Json;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// An escalation made by <c>check --model</c> against scripted upstream models is read back by a separate
/// <c>alignlab review</c> process: the review queue survives the process that wrote it.
/// </summary>
public sealed class ReviewCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-review-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Escalation_against_scripted_validators_is_read_back_by_another_process()
    {
        await using var server = await ScriptedModelServer.StartAsync(r => r.Model switch
        {
            "guard-a" => ScriptedReply.Text("unsafe\nS2"),
            "guard-b" => ScriptedReply.Text("safe"),
            _ => ScriptedReply.Text("An answer the validators will argue about."),
        });
        var db = Path.Combine(_dir, "reviews.db");
        var policy = Path.Combine(_dir, "policy.yaml");
        await File.WriteAllTextAsync(policy, $$"""
            constitutional_ai:
              name: review-e2e
              models:
                guard_a: "openai:guard-a@{{server.OpenAIBaseUrl}};retries=0"
                guard_b: "openai:guard-b@{{server.OpenAIBaseUrl}};retries=0"
              judges:
                - {id: judge_a, model: guard_a, template: llama_guard, stages: []}
                - {id: judge_b, model: guard_b, template: llama_guard, stages: []}
              consensus:
                validators:
                  - {id: a, detector: judge_a}
                  - {id: b, detector: judge_b}
                escalate_to_human: true
              review_queue: {path: reviews.db}
            """);

        var check = await CliRunner.RunAsync("check", "a borderline question", "--policy", policy, "--model", $"openai:generator@{server.OpenAIBaseUrl}", "--no-classifier", "--json")
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(check.ExitCode == 3, check.Error + check.Output);
        using var doc = JsonDocument.Parse(check.Output);
        var id = doc.RootElement.GetProperty("trace").GetProperty("review_id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var (code, output, error) = await RunCliProcessAsync("review", "list", "--db", db, "--status", "pending", "--json");
        Assert.True(code == 0, error);
        using var list = JsonDocument.Parse(output);
        var item = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("a borderline question", item.GetProperty("prompt").GetString());

        var decided = await CliRunner.RunAsync("review", "decide", id!, "--db", db, "--approve", "--reviewer", "ann", "--note", "fine in context");
        Assert.Equal(0, decided.ExitCode);
        var again = await CliRunner.RunAsync("review", "decide", id!, "--db", db, "--reject", "--reviewer", "bob");
        Assert.Equal(1, again.ExitCode);
        var show = await CliRunner.RunAsync("review", "show", id!, "--db", db);
        Assert.Contains("Approved", show.Output, StringComparison.Ordinal);
        Assert.Contains("\"consensus\"", show.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunCliProcessAsync(params string[] args)
    {
        var dll = typeof(AlignLabCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
