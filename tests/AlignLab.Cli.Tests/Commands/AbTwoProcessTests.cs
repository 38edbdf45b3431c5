using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Testing.Support;
using Npgsql;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// Issue 19 acceptance, "a/b state … is shared by two gateway processes": two real <c>alignlab serve</c> processes on one
/// audit store (a SQLite file, and a throw-away PostgreSQL where one can run) serve traffic over loopback; <c>alignlab ab
/// status</c> counts both processes' decisions in one experiment, each subject gets the same arm from either, and a
/// process killed and started again joins the same experiment and gives its subjects the same arms.
/// </summary>
public sealed class AbTwoProcessTests : IDisposable
{
    private const string PolicyA = """
        constitutional_ai:
          name: ab-lenient
          pii: {enabled: false}
          classifier: {enabled: false}
          specific_rules:
            - {id: forbidden_word, trigger: forbidden, action: block, message: "Blocked."}
        """;

    private const string PolicyB = """
        constitutional_ai:
          name: ab-strict
          pii: {enabled: false}
          classifier: {enabled: false}
          specific_rules:
            - {id: strict_word, trigger: "forbidden|strict", action: block, message: "Blocked by the strict policy."}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-ab-processes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Two_serve_processes_on_one_sqlite_file_share_the_experiment_and_a_restarted_one_joins_it()
    {
        // Repro: alignlab serve --policy a.yaml --policy-b b.yaml --audit-db audit.db (twice, in two shells), traffic to
        // both, then alignlab ab status --audit audit.db --json.
        var db = Path.Combine(_dir, "audit.db");
        await SharedAcrossProcessesAsync(["--audit-db", db], db, null);
    }

    [PostgresFact]
    public async Task Two_serve_processes_on_one_postgres_database_share_the_experiment_and_a_restarted_one_joins_it()
    {
        using var pg = TemporaryPostgres.Start();
        var url = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
        var env = new Dictionary<string, string> { ["ALIGNLAB_H35_AUDIT_PG"] = pg.ConnectionString };
        await SharedAcrossProcessesAsync(["--audit-postgres-env", "ALIGNLAB_H35_AUDIT_PG"],
            $"postgres://{url.Username}@{url.Host}:{url.Port}/{url.Database}", env);
    }

    private async Task SharedAcrossProcessesAsync(string[] store, string statusAudit, IReadOnlyDictionary<string, string>? env)
    {
        var a = Path.Combine(_dir, "a.yaml");
        var b = Path.Combine(_dir, "b.yaml");
        await File.WriteAllTextAsync(a, PolicyA);
        await File.WriteAllTextAsync(b, PolicyB);
        string[] args = ["--policy", a, "--policy-b", b, "--split", "0.5", .. store];

        var arms = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = await ServeProcess.StartAsync(args, env);
        try
        {
            await using var second = await ServeProcess.StartAsync(args, env);
            Assert.NotEqual(first.Id, second.Id);
            using var one = first.CreateClient();
            using var two = second.CreateClient();
            for (var i = 0; i < 30; i++)
            {
                var subject = $"user-{i}";
                arms[subject] = await ArmAsync(i % 2 == 0 ? one : two, subject);
                Assert.Equal(arms[subject], await ArmAsync(i % 2 == 0 ? two : one, subject));
            }

            Assert.Contains("a", arms.Values);
            Assert.Contains("b", arms.Values);
        }
        finally
        {
            // Killed, as a crash would end it: every answered request's record is already committed.
            await first.DisposeAsync();
        }

        var status = await StatusAsync(statusAudit);
        var experiment = status.GetProperty("experiment").GetString();
        Assert.Equal(60, Requests(status, "a") + Requests(status, "b"));
        Assert.Equal(2 * arms.Values.Count(x => x == "b"), Requests(status, "b"));
        Assert.Equal(2 * arms.Values.Count(x => x == "b"), Blocked(status, "b"));
        Assert.Equal(0, Blocked(status, "a"));

        await using (var restarted = await ServeProcess.StartAsync(args, env))
        {
            using var client = restarted.CreateClient();
            foreach (var (subject, arm) in arms)
            {
                Assert.Equal(arm, await ArmAsync(client, subject));
            }
        }

        var after = await StatusAsync(statusAudit);
        Assert.Equal(experiment, after.GetProperty("experiment").GetString());
        Assert.Equal(90, Requests(after, "a") + Requests(after, "b"));
    }

    private static async Task<string> ArmAsync(HttpClient client, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/check")
        {
            Content = new StringContent("""{"text":"be strict please"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-AlignLab-Subject", subject);
        using var r = await client.SendAsync(request);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("arm").GetString()!;
    }

    /// <summary><c>alignlab ab status --json</c> on the store (a PostgreSQL URL needs no password here: the server trusts loopback).</summary>
    private static async Task<JsonElement> StatusAsync(string audit)
    {
        var r = await CliRunner.RunAsync("ab", "status", "--audit", audit, "--min-sample", "5", "--json");
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        using var doc = JsonDocument.Parse(r.Output);
        return doc.RootElement.Clone();
    }

    private static long Requests(JsonElement status, string arm) => Arm(status, arm).GetProperty("requests").GetInt64();

    private static long Blocked(JsonElement status, string arm) => Arm(status, arm).GetProperty("blocked").GetInt64();

    private static JsonElement Arm(JsonElement status, string arm) =>
        status.GetProperty("arms").EnumerateArray().Single(x => x.GetProperty("arm").GetString() == arm);
}
