using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Operations;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Operations;

/// <summary>
/// Issue 19 item 4, acceptance: a bad-but-valid policy pushed during a scripted load (a scripted upstream over real HTTP)
/// is rolled back automatically within the configured window, and the rollback is audited, logged and in the history.
/// </summary>
public sealed class AutoRollbackTests
{
    /// <summary>Valid, and wrong: every prompt with "please" in it is blocked.</summary>
    private const string Overeager = """
        constitutional_ai:
          name: overeager
          pii: {enabled: false}
          specific_rules:
            - id: politeness_is_suspicious
              trigger: "please"
              action: block
              message: "Blocked."
        """;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static Action<GatewayOptions> Watched(FakeTimeProvider time) => o =>
    {
        o.TimeProvider = time;
        o.AutoRollback = new AutoRollbackOptions { Enabled = true, Window = Window, MinRequests = 20, MaxBlockRateIncrease = 0.3,
            MaxErrorRate = 0.1 };
    };

    private static StringContent Chat(string prompt) =>
        new(JsonSerializer.Serialize(new { model = "gpt-test", messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8,
            "application/json");

    /// <summary>Sends chat completions from <paramref name="workers"/> clients until stopped, moving the fake clock 1 s per request.</summary>
    private static async Task<int> LoadAsync(RunningGateway gateway, FakeTimeProvider time, int workers, CancellationToken stop)
    {
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            using var client = gateway.CreateClient();
            while (!stop.IsCancellationRequested)
            {
                using var r = await client.PostAsync("v1/chat/completions", Chat($"please suggest a name for a cat ({w})"), CancellationToken.None);
                Assert.True(r.IsSuccessStatusCode, $"HTTP {(int)r.StatusCode}");
                time.Advance(TimeSpan.FromSeconds(1));
                Interlocked.Increment(ref sent);
            }
        }));
        return sent;
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task A_bad_policy_pushed_during_load_is_rolled_back_within_the_window_and_audited()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var logs = new CapturedLogs();
        var upstream = await ScriptedModelServer.StartAsync(_ => ScriptedReply.Text("How about Pumpernickel?"));
        await using var _u = upstream;
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.PolicyPath = path;
            o.Upstream = $"openai:scripted@{upstream.OpenAIBaseUrl}";
            Watched(time)(o);
        }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var arm = gateway.State.Policies.Find("a")!;
        var good = arm.Current.Version;
        using var stop = new CancellationTokenSource();
        var load = LoadAsync(gateway, time, workers: 4, stop.Token);

        // The good policy's baseline: nothing blocked.
        await UntilAsync(() => gateway.App.Services.GetRequiredService<PolicyOperations>().Monitor.Served("a", good).Requests >= 30, "baseline load");
        using var admin = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(admin, "a", Overeager));
        var pushedAt = time.GetUtcNow();
        var bad = arm.Current.Version;
        Assert.NotEqual(good, bad);

        await UntilAsync(() => arm.Current.Version == good, "the bad policy was not rolled back");
        stop.Cancel();
        Assert.True(await load > 0);

        // The arm serves the good version first; the history entry and then the audit record follow.
        var store = gateway.App.Services.GetRequiredService<IOperationsStore>();
        var entry = (await store.HistoryAsync("a", null, null, 1, CancellationToken.None))[0];
        for (var i = 0; i < 200 && !(await gateway.State.Audit.RecentAsync(50, CancellationToken.None)).Any(r =>
            r.Endpoint == "policies.auto_rollback"); i++)
        {
            await Task.Delay(50);
            entry = (await store.HistoryAsync("a", null, null, 1, CancellationToken.None))[0];
        }

        Assert.Equal(("auto_rollback", PolicyOperations.AutoRollbackAuthor, good, bad), (entry.Reason, entry.Author, entry.Version,
            entry.PreviousVersion));
        Assert.Contains("block rate", entry.Detail, StringComparison.Ordinal);
        Assert.True(entry.At - pushedAt < Window, $"rolled back {entry.At - pushedAt} after the push");
        Assert.Equal(TestPolicies.Basic, await File.ReadAllTextAsync(path));

        var audit = await gateway.State.Audit.RecentAsync(5_000, CancellationToken.None);
        var record = Assert.Single(audit, r => r.Endpoint == "policies.auto_rollback");
        Assert.Equal(("auto_rollback", good, PolicyOperations.AutoRollbackAuthor), (record.Action, record.PolicyVersion, record.Caller));
        using (var trace = JsonDocument.Parse(record.Trace))
        {
            Assert.Equal(bad, trace.RootElement.GetProperty("before_version").GetString());
            Assert.Contains("block rate", trace.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains(logs.Events, e => e.Id.Id == 1901 && e.Message.Contains(bad, StringComparison.Ordinal));
        Assert.Equal("rolled_back", gateway.App.Services.GetRequiredService<PolicyOperations>().Monitor.Current("a")!.State);
    }

    [Fact]
    public async Task A_change_whose_window_has_passed_is_kept()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => { o.PolicyPath = path; Watched(time)(o); });
        using var client = gateway.CreateClient();
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal("allow", await OperationsHttp.CheckAsync(client, "please say hello"));
        }

        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(client, "a", Overeager));
        var bad = gateway.State.Policies.Find("a")!.Current.Version;
        time.Advance(Window + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal("block", await OperationsHttp.CheckAsync(client, "please say hello"));
        }

        await Task.Delay(200);
        Assert.Equal(bad, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Equal("kept", gateway.App.Services.GetRequiredService<PolicyOperations>().Monitor.Current("a")!.State);
    }

    [Fact]
    public async Task With_auto_rollback_off_a_bad_policy_stays()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        for (var i = 0; i < 60; i++)
        {
            await OperationsHttp.CheckAsync(client, "please say hello");
        }

        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(client, "a", Overeager));
        var bad = gateway.State.Policies.Find("a")!.Current.Version;
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal("block", await OperationsHttp.CheckAsync(client, "please say hello"));
        }

        Assert.Equal(bad, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Null(gateway.App.Services.GetRequiredService<PolicyOperations>().Monitor.Current("a"));
    }
}
