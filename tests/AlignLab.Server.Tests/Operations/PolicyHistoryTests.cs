using System.Net;
using System.Text.Json;
using AlignLab.Server.Operations;
using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Server.Tests.Operations;

/// <summary>
/// Issue 19 item 4: every applied policy version is kept in the audit store (hash, author, time, diff) and an arm can be
/// rolled back to any of them; bad input (unknown version, a reload in flight, a corrupt store, an empty range) changes nothing.
/// </summary>
public sealed class PolicyHistoryTests
{
    [Fact]
    public async Task Startup_and_an_uploaded_reload_are_recorded_with_author_time_and_diff()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        var first = gateway.State.Policies.Find("a")!.Current.Version;

        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(client, "a", TestPolicies.Strict));
        var second = gateway.State.Policies.Find("a")!.Current.Version;

        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Get, "api/policies/history?arm=a");
        Assert.Equal(HttpStatusCode.OK, status);
        var versions = body.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal(second, versions[0].GetProperty("version").GetString());
        Assert.Equal("upload", versions[0].GetProperty("reason").GetString());
        Assert.Equal("tests", versions[0].GetProperty("author").GetString());
        Assert.Equal(first, versions[0].GetProperty("previous_version").GetString());
        Assert.True(versions[0].GetProperty("lines_added").GetInt32() > 0);
        Assert.Equal(first, versions[1].GetProperty("version").GetString());
        Assert.Equal("startup", versions[1].GetProperty("reason").GetString());

        var (diffStatus, diff) = await OperationsHttp.SendAsync(client, HttpMethod.Get, $"api/policies/diff?from={first}&to={second}");
        Assert.Equal(HttpStatusCode.OK, diffStatus);
        Assert.Contains("+    - id: strict_word", diff.GetProperty("diff").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_with_the_same_policy_adds_no_entry()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        var audit = Path.Combine(dir.Path, "audit.db");
        await using (var gateway = await RunningGateway.StartAsync(o => { o.PolicyPath = path; o.AuditDatabasePath = audit; }))
        {
        }

        await using var again = await RunningGateway.StartAsync(o => { o.PolicyPath = path; o.AuditDatabasePath = audit; });
        var history = await again.App.Services.GetRequiredService<IOperationsStore>().HistoryAsync("a", null, null, 10, CancellationToken.None);
        Assert.Single(history);
    }

    [Fact]
    public async Task Rollback_to_a_recorded_version_serves_it_again_writes_the_file_and_is_audited()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        var good = gateway.State.Policies.Find("a")!.Current.Version;
        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(client, "a", TestPolicies.Strict));
        Assert.Equal("block", await OperationsHttp.CheckAsync(client, "be strict please"));

        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = good[..6] });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(good, body.GetProperty("serving_version").GetString());
        Assert.Equal("allow", await OperationsHttp.CheckAsync(client, "be strict please"));
        Assert.Equal(good, gateway.State.Policies.Find("a")!.Current.Version);
        // Written to the arm's file, so a restart does not bring the undone version back.
        Assert.Equal(TestPolicies.Basic, await File.ReadAllTextAsync(path));
        var history = await gateway.App.Services.GetRequiredService<IOperationsStore>().HistoryAsync("a", null, null, 1, CancellationToken.None);
        Assert.Equal(("rollback", good, "tests"), (history[0].Reason, history[0].Version, history[0].Author));
        var audit = await gateway.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.Contains(audit, r => r.Endpoint == "policies.rollback" && r.Action == "rollback" && r.PolicyVersion == good);
    }

    [Fact]
    public async Task Rollback_to_an_unknown_version_is_404_and_changes_nothing()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        var serving = gateway.State.Policies.Find("a")!.Current.Version;

        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = "deadbeef0000" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no policy version 'deadbeef0000'", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (malformed, error) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = "yesterday" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("not a policy version", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(serving, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Equal(TestPolicies.Basic, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Rollback_while_a_reload_is_in_flight_is_409_and_changes_nothing()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        var good = gateway.State.Policies.Find("a")!.Current.Version;
        Assert.Equal(HttpStatusCode.OK, await OperationsHttp.UploadAsync(client, "a", TestPolicies.Strict));
        var strict = gateway.State.Policies.Find("a")!.Current.Version;

        using (await gateway.State.Policies.HoldReloadLockAsync())
        {
            var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = good });
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("reload is in flight", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(strict, gateway.State.Policies.Find("a")!.Current.Version);
        var history = await gateway.App.Services.GetRequiredService<IOperationsStore>().HistoryAsync("a", null, null, 10, CancellationToken.None);
        Assert.Equal(2, history.Count);
        var audit = await gateway.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.Contains(audit, r => r.Endpoint == "policies.rollback" && r.Action == "rollback_rejected" && r.Status == 409);

        // Once the reload has finished, the same rollback goes through.
        var (after, _) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = good });
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task A_corrupt_store_file_is_reported_clearly_and_left_as_it_was()
    {
        using var dir = new TempDir();
        var path = dir.Write("audit.db", "this is not a database, just text that someone wrote over the audit log\n" + new string('x', 4096));
        var before = await File.ReadAllBytesAsync(path);

        var e = await Assert.ThrowsAsync<OperationsStoreException>(() => OperationsStores.OpenForReadingAsync(path, CancellationToken.None));

        Assert.Contains("not a readable SQLite audit database", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        var missing = await Assert.ThrowsAsync<OperationsStoreException>(() => OperationsStores.OpenForReadingAsync(Path.Combine(dir.Path, "none.db"),
            CancellationToken.None));
        Assert.Contains("no such audit database", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "none.db")));
    }

    [Fact]
    public async Task An_empty_date_range_lists_nothing_and_a_reversed_one_is_400()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();

        var (status, body) = await OperationsHttp.SendAsync(client, HttpMethod.Get, "api/policies/history?from=2001-01-01&to=2001-01-02");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("versions").EnumerateArray());

        var (reversed, _) = await OperationsHttp.SendAsync(client, HttpMethod.Get, "api/policies/history?from=2001-01-02&to=2001-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, reversed);
    }

    [Fact]
    public async Task The_history_api_needs_the_admin_scope()
    {
        await using var gateway = await RunningGateway.StartAsync(o =>
            o.ApiKeys.Add(new Server.Hosting.ApiKeyEntry("app", Server.Security.ApiKeyHasher.Hash("app-key-0123456789"), 100, 100,
                Server.Security.ApiScopes.Inference)));
        using var client = gateway.CreateClient("app-key-0123456789");
        var (status, _) = await OperationsHttp.SendAsync(client, HttpMethod.Post, "api/policies/a/rollback", new { to = "abcdef" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }
}
