using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Tests.Audit;

/// <summary>The gateway does not act unrecorded: when the audit store cannot commit, requests fail with 503 and readiness drops.</summary>
public sealed class AuditFailureTests
{
    [Fact]
    public async Task A_broken_audit_store_turns_decisions_into_503_and_readyz_reports_it()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        using (var ok = await client.PostAsync("v1/moderations", new StringContent("{\"input\":\"hello\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Someone drops the table from outside the gateway.
        await using (var c = new SqliteConnection($"Data Source={gateway.Options.AuditDatabasePath};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TABLE audit";
            await cmd.ExecuteNonQueryAsync();
        }

        foreach (var (path, body) in new[] { ("v1/moderations", "{\"input\":\"hello\"}"), ("api/check", "{\"text\":\"hello\"}") })
        {
            using var r = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("audit_unavailable", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        using var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
