using System.Net;
using System.Text;
using AlignLab.Server.Audit;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Audit;

/// <summary>The PostgreSQL audit log against a real (throw-away) PostgreSQL server, shared by two gateway replicas.</summary>
public sealed class PostgresAuditLogTests
{
    [PostgresFact]
    public async Task Two_replicas_share_one_postgres_audit_log()
    {
        using var pg = TemporaryPostgres.Start();
        await using var replica1 = await RunningGateway.StartAsync(o => o.AuditPostgresConnectionString = pg.ConnectionString);
        await using var replica2 = await RunningGateway.StartAsync(o => o.AuditPostgresConnectionString = pg.ConnectionString);
        Assert.StartsWith("PostgreSQL 127.0.0.1", replica1.State.Audit.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", replica1.State.Audit.Description, StringComparison.OrdinalIgnoreCase);

        var ids = new List<string>();
        foreach (var (gateway, i) in new[] { (replica1, 0), (replica2, 1), (replica1, 2), (replica2, 3) })
        {
            using var client = gateway.CreateClient();
            using var r = await client.PostAsync("v1/moderations", new StringContent($"{{\"input\":\"request {i}\"}}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            ids.Add(r.Headers.GetValues("x-alignlab-audit-id").Single());
        }

        // Either replica sees every record, newest first, with the trace stored as JSON.
        var found = await replica2.State.Audit.FindAsync(ids, CancellationToken.None);
        Assert.Equal(ids.ToHashSet(), found.ToHashSet());
        var recent = await replica1.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.Equal(Enumerable.Reverse(ids), recent.Select(r => r.Id));
        Assert.All(recent, r => Assert.StartsWith("{", r.Trace, StringComparison.Ordinal));

        using var ready = await replica1.CreateClient().GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [PostgresFact]
    public async Task Batches_commit_concurrent_appends_in_few_transactions()
    {
        using var pg = TemporaryPostgres.Start();
        await using var log = await PostgresAuditLog.OpenAsync(pg.ConnectionString, CancellationToken.None);
        var records = Enumerable.Range(0, 500).Select(i => new AuditRecord($"id-{i}", DateTimeOffset.UnixEpoch.AddSeconds(i), "c", "moderations", "a", "p", "v", "allow", false, 200, 1.5, null, "{\"i\":" + i + "}")).ToList();
        await Task.WhenAll(records.Select(r => log.AppendAsync(r, CancellationToken.None)));

        var found = await log.FindAsync([.. records.Select(r => r.Id)], CancellationToken.None);
        Assert.Equal(500, found.Count);
        Assert.True(log.Commits < 500, $"expected group commits, got {log.Commits} transactions for 500 records");
    }
}
