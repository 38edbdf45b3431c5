using System.Net;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Operations;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Operations;

/// <summary>
/// Issue 19 item 3: A/B assignments and outcomes live in the audit store, so two gateways on one store count into one
/// experiment (with one split) and a restart loses nothing; <c>/api/ab</c> gives rates, intervals and the z test, and
/// promoting makes the winner the live policy, recorded in the history.
/// </summary>
public sealed class AbExperimentTests
{
    private static async Task<string> ArmAsync(HttpClient client, string text, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/check") { Content = OperationsHttp.Json(new { text }) };
        request.Headers.Add("X-AlignLab-Subject", subject);
        using var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("arm").GetString()!;
    }

    private static Action<GatewayOptions> Arms(string a, string b, double split, Action<GatewayOptions> store) => o =>
    {
        o.PolicyPath = a;
        o.PolicyBPath = b;
        o.SplitFraction = split;
        store(o);
    };

    private static long Requests(JsonElement status, string arm) =>
        status.GetProperty("arms").EnumerateArray().Single(x => x.GetProperty("arm").GetString() == arm).GetProperty("requests").GetInt64();

    /// <summary>Two gateways on one store, then a restart: the body of the acceptance test for either store.</summary>
    internal static async Task SharedAndSurvivesRestartAsync(Action<GatewayOptions> store)
    {
        using var dir = new TempDir();
        var a = dir.Write("a.yaml", TestPolicies.Basic);
        var b = dir.Write("b.yaml", TestPolicies.Strict);
        string experiment;
        var arms = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var first = await RunningGateway.StartAsync(Arms(a, b, 0.5, store)))
        await using (var second = await RunningGateway.StartAsync(Arms(a, b, 0.2, store)))
        {
            // The second joins the first's experiment, and with it its split: a subject gets one arm from either replica.
            Assert.Equal(0.5, second.State.Policies.SplitFraction);
            using var one = first.CreateClient();
            using var two = second.CreateClient();
            for (var i = 0; i < 40; i++)
            {
                var subject = $"user-{i}";
                arms[subject] = await ArmAsync(i % 2 == 0 ? one : two, "be strict please", subject);
                Assert.Equal(arms[subject], await ArmAsync(i % 2 == 0 ? two : one, "be strict please", subject));
            }

            var (s1, fromFirst) = await OperationsHttp.SendAsync(one, HttpMethod.Get, "api/ab?min_sample=5");
            var (s2, fromSecond) = await OperationsHttp.SendAsync(two, HttpMethod.Get, "api/ab?min_sample=5");
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (s1, s2));
            experiment = fromFirst.GetProperty("experiment").GetString()!;
            Assert.Equal(experiment, fromSecond.GetProperty("experiment").GetString());
            Assert.Equal(80, Requests(fromFirst, "a") + Requests(fromFirst, "b"));
            Assert.Equal(Requests(fromFirst, "b"), Requests(fromSecond, "b"));
            Assert.Equal(2 * arms.Values.Count(x => x == "b"), Requests(fromFirst, "b"));
        }

        await using var restarted = await RunningGateway.StartAsync(Arms(a, b, 0.5, store));
        using var client = restarted.CreateClient();
        var (status, after) = await OperationsHttp.SendAsync(client, HttpMethod.Get, "api/ab?min_sample=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(experiment, after.GetProperty("experiment").GetString());
        Assert.Equal(80, Requests(after, "a") + Requests(after, "b"));
        foreach (var (subject, arm) in arms.Take(10))
        {
            Assert.Equal(arm, await ArmAsync(client, "be strict please", subject));
        }

        // Arm b (the strict policy) blocks the text and arm a does not: the test sees the difference.
        var b1 = after.GetProperty("arms")[1];
        Assert.Equal(1.0, b1.GetProperty("block_rate").GetDouble());
        Assert.True(b1.GetProperty("block_rate_low").GetDouble() > 0.7);
        Assert.Equal(0.0, after.GetProperty("arms")[0].GetProperty("block_rate").GetDouble());
        Assert.True(after.GetProperty("block_rate_test").GetProperty("p").GetDouble() < 0.001);
        Assert.True(after.GetProperty("enough_data").GetBoolean());
    }

    [Fact]
    public async Task A_b_state_is_shared_by_two_gateways_on_one_sqlite_file_and_survives_a_restart()
    {
        using var dir = new TempDir();
        var audit = Path.Combine(dir.Path, "audit.db");
        await SharedAndSurvivesRestartAsync(o => o.AuditDatabasePath = audit);
    }

    [Fact]
    public async Task Promoting_arm_b_serves_its_policy_on_arm_a_to_everyone_and_records_it()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.yaml", TestPolicies.Basic);
        var b = dir.Write("b.yaml", TestPolicies.Strict);
        await using var gateway = await RunningGateway.StartAsync(Arms(a, b, 0.5, _ => { }));
        using var client = gateway.CreateClient();
        var winner = gateway.State.Policies.Find("b")!.Current.Version;

        // Refused before the minimum sample, changing nothing.
        var (early, refusal) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/ab/promote", new { arm = "b" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early);
        Assert.Contains("not enough data", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.5, gateway.State.Policies.SplitFraction);

        for (var i = 0; i < 30; i++)
        {
            await ArmAsync(client, "be strict please", $"u{i}");
        }

        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/ab/promote", new { arm = "b", min_sample = 5 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(winner, body.GetProperty("serving_version").GetString());
        Assert.Equal(winner, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Equal(0, gateway.State.Policies.SplitFraction);
        Assert.Equal(TestPolicies.Strict, await File.ReadAllTextAsync(a));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("a", await ArmAsync(client, "hello", $"v{i}"));
        }

        var store = gateway.App.Services.GetService(typeof(IOperationsStore)) as IOperationsStore;
        var history = await store!.HistoryAsync("a", null, null, 1, CancellationToken.None);
        Assert.Equal(("promote", winner), (history[0].Reason, history[0].Version));
        var experiment = await store.CurrentExperimentAsync(CancellationToken.None);
        Assert.Equal("b", experiment!.Winner);
        Assert.NotNull(experiment.EndedAt);
    }

    [Fact]
    public async Task Without_an_experiment_status_and_promote_say_so()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Get, "api/ab");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no A/B experiment", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var (promote, _) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/ab/promote", new { arm = "b" });
        Assert.Equal(HttpStatusCode.NotFound, promote);
    }
}
