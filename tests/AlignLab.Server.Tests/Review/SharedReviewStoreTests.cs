using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Runtime.Review;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Tests.Review;

/// <summary>
/// Two real gateways sharing one PostgreSQL database through the audit setting alone: review items and preference
/// pairs are shared too, so the dashboard shows the same queue whichever replica serves it.
/// </summary>
public sealed class SharedReviewStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task A_review_item_escalated_on_one_gateway_is_listed_and_decided_through_the_other_and_preferences_are_shared()
    {
        var cs = await databases.CreateAsync();
        await using var replica1 = await RunningGateway.StartAsync(o => o.AuditPostgresConnectionString = cs);
        await using var replica2 = await RunningGateway.StartAsync(o => o.AuditPostgresConnectionString = cs);
        using var http1 = replica1.CreateClient();
        using var http2 = replica2.CreateClient();

        // What the runtime pipeline does on an escalation: enqueue through the gateway's own queue.
        var item = await replica1.App.Services.GetRequiredService<IReviewQueue>()
            .EnqueueAsync(new ReviewRequest("validators disagree", "a prompt", null, "default", "{}", ["jailbreak"], 0.6));

        using (var list = await ReadJsonAsync(await http2.GetAsync("api/review")))
        {
            Assert.Equal(1, list.RootElement.GetProperty("pending").GetInt32());
            Assert.Equal(item.Id, list.RootElement.GetProperty("items")[0].GetProperty("id").GetString());
        }

        using (var decided = await http2.PostAsync($"api/review/{item.Id}/decision", Json("""{"verdict":"reject"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        using (var again = await http1.PostAsync($"api/review/{item.Id}/decision", Json("""{"verdict":"approve"}""")))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var added = await http1.PostAsync("api/preferences", Json("""{"prompt":"p","chosen":"good","rejected":"bad"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using (var recent = await ReadJsonAsync(await http2.GetAsync("api/preferences")))
        {
            Assert.Equal(1, recent.RootElement.GetProperty("count").GetInt64());
        }

        Assert.Contains("\"chosen\":\"good\"", await http2.GetStringAsync("api/preferences/export"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(replica1.Directory, "*.db"));

        using var ready = await ReadJsonAsync(await http2.GetAsync("readyz"));
        Assert.True(ready.RootElement.GetProperty("ready").GetBoolean());
        Assert.StartsWith("PostgreSQL 127.0.0.1", ready.RootElement.GetProperty("review_store").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("PostgreSQL 127.0.0.1", ready.RootElement.GetProperty("preference_store").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task An_explicit_review_db_keeps_the_queue_in_sqlite_beside_a_postgres_audit_log()
    {
        var cs = await databases.CreateAsync();
        await using var gateway = await RunningGateway.StartAsync(o =>
        {
            o.AuditPostgresConnectionString = cs;
            o.ReviewDatabasePath = Path.Combine(Path.GetDirectoryName(o.AuditDatabasePath)!, "review.db");
        });
        using var ready = await ReadJsonAsync(await gateway.CreateClient().GetAsync("readyz"));
        Assert.True(ready.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal("SQLite " + Path.Combine(gateway.Directory, "review.db"), ready.RootElement.GetProperty("review_store").GetString());
        Assert.StartsWith("SQLite ", ready.RootElement.GetProperty("preference_store").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("PostgreSQL", ready.RootElement.GetProperty("audit_store").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }
    }
}
