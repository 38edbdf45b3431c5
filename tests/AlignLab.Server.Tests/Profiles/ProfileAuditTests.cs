using System.Net;
using System.Text.Json;
using AlignLab.Server.Audit;
using AlignLab.Server.Telemetry;
using AlignLab.Server.Tests.Operations;
using AlignLab.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AlignLab.Server.Tests.Profiles;

/// <summary>
/// Issue 19 item 6: the context and profile a request chose are kept in the audit record (SQLite and PostgreSQL
/// columns, added to stores made before them), in <c>/api/audit</c>, in the request log line and in the trace.
/// </summary>
public sealed class ProfileAuditTests
{
    [Fact]
    public async Task The_chosen_profile_and_context_are_audited_logged_and_traced()
    {
        var logs = new CapturedLogs();
        await using var gateway = await ProfileGateway.StartAsync();
        await using var logged = await RunningGatewayWithPolicy(logs);
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);

        string chatId;
        using (var r = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("fireworks"), ("X-AlignLab-Profile",
            "child_safe"))))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            chatId = r.Headers.GetValues("x-alignlab-audit-id").Single();
        }

        const string InClass = """{"input":"x","metadata":{"alignlab_context":"educational"}}""";
        using (var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", InClass)))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using (var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var records = await gateway.Gateway.State.Audit.RecentAsync(3, CancellationToken.None);
        Assert.Equal([null, "educational", null], records.Select(r => r.Context));
        Assert.Equal([null, null, "child_safe"], records.Select(r => r.Profile));
        Assert.Equal(chatId, records[2].Id);

        // The chat's alignment trace names the profile it ran under.
        using (var trace = JsonDocument.Parse(records[2].Trace))
        {
            Assert.Equal("child_safe", trace.RootElement.GetProperty("profile").GetString());
        }

        // The SQLite file has the columns.
        await using (var db = new SqliteConnection($"Data Source={gateway.Gateway.Options.AuditDatabasePath};Mode=ReadOnly"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT profile FROM audit WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", chatId);
            Assert.Equal("child_safe", await cmd.ExecuteScalarAsync());
        }

        // /api/audit shows them.
        using (var audit = await client.GetAsync("api/audit?limit=3"))
        {
            using var doc = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
            var list = doc.RootElement.GetProperty("records");
            Assert.Equal("child_safe", list[2].GetProperty("profile").GetString());
            Assert.Equal("educational", list[1].GetProperty("context").GetString());
            Assert.Equal(JsonValueKind.Null, list[0].GetProperty("profile").ValueKind);
        }

        // The request log line carries them (the logged gateway has the same policy).
        using var logClient = logged.CreateClient();
        using (var r = await logClient.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}""", ("X-AlignLab-Profile", "child_safe"))))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        // The line is written as the response completes, which can be just after the client has it.
        for (var i = 0; i < 100 && !logs.Events.Any(e => e.Category == RequestLogMiddleware.Category); i++)
        {
            await Task.Delay(50);
        }

        var line = Assert.Single(logs.Events,
            e => e.Category == RequestLogMiddleware.Category && e.Message.StartsWith("POST /v1/moderations 200", StringComparison.Ordinal));
        Assert.EndsWith(" context=- profile=child_safe", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audit_file_made_before_the_columns_gets_them_and_keeps_its_records()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "old-audit.db");
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var cmd = old.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, caller TEXT NOT NULL,
                  endpoint TEXT NOT NULL, arm TEXT NOT NULL, policy TEXT NOT NULL, policy_version TEXT NOT NULL, action TEXT NOT NULL,
                  flagged INTEGER NOT NULL, status INTEGER NOT NULL, latency_ms REAL NOT NULL, input_sha256 TEXT, trace TEXT NOT NULL);
                INSERT INTO audit (id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, input_sha256, trace)
                  VALUES ('old-1', '2026-12-01T00:00:00.0000000Z', 'app', 'moderations', 'a', 'p', 'v1', 'allow', 0, 200, 1.0, NULL, '{}');
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var log = new SqliteAuditLog(path))
        {
            await log.AppendAsync(Record("new-1") with { Profile = "child_safe", Context = "educational" }, CancellationToken.None);
            var recent = await log.RecentAsync(10, CancellationToken.None);
            Assert.Equal(["new-1", "old-1"], recent.Select(r => r.Id));
            Assert.Equal("child_safe", recent[0].Profile);
            Assert.Equal("educational", recent[0].Context);
            Assert.Null(recent[1].Profile);
        }

        // Opening it again (a restart) changes nothing more.
        await using (var again = new SqliteAuditLog(path))
        {
            Assert.Equal(2, await again.CountAsync(CancellationToken.None));
        }
    }

    [PostgresFact]
    public async Task A_postgres_audit_table_made_before_the_columns_gets_them_and_keeps_its_records()
    {
        using var pg = TemporaryPostgres.Start();
        await using (var c = new NpgsqlConnection(pg.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE alignlab_audit (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TIMESTAMPTZ NOT NULL, caller TEXT NOT NULL,
                  endpoint TEXT NOT NULL, arm TEXT NOT NULL, policy TEXT NOT NULL, policy_version TEXT NOT NULL, action TEXT NOT NULL,
                  flagged BOOLEAN NOT NULL, status INTEGER NOT NULL, latency_ms DOUBLE PRECISION NOT NULL, input_sha256 TEXT, trace JSONB NOT NULL);
                CREATE INDEX alignlab_audit_at ON alignlab_audit(at);
                INSERT INTO alignlab_audit (id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, trace)
                  VALUES ('old-1', now(), 'app', 'moderations', 'a', 'p', 'v1', 'allow', false, 200, 1.0, '{}');
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        // Two replicas opening the old table at once both migrate it without an error.
        var logs = await Task.WhenAll(PostgresAuditLog.OpenAsync(pg.ConnectionString, CancellationToken.None),
            PostgresAuditLog.OpenAsync(pg.ConnectionString, CancellationToken.None));
        try
        {
            await logs[0].AppendAsync(Record("new-1") with { Profile = "child_safe" }, CancellationToken.None);
            var recent = await logs[1].RecentAsync(10, CancellationToken.None);
            Assert.Equal(["new-1", "old-1"], recent.Select(r => r.Id));
            Assert.Equal("child_safe", recent[0].Profile);
            Assert.Null(recent[0].Context);
            Assert.Null(recent[1].Profile);
        }
        finally
        {
            foreach (var log in logs)
            {
                await log.DisposeAsync();
            }
        }
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UtcNow, "app", "moderations", "a", "p", "v2", "allow", false, 200, 1.0, null, "{}");

    private static async Task<RunningGateway> RunningGatewayWithPolicy(CapturedLogs logs)
    {
        var dir = new TempDir();
        var policy = dir.Write("policy.yaml", ProfileGateway.Policy);
        return await RunningGateway.StartAsync(o => o.PolicyPath = policy, services: s => s.AddSingleton<ILoggerProvider>(logs));
    }
}
