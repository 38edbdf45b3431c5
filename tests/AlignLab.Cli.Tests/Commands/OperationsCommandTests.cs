using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Operations;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// <c>alignlab policy history|diff|rollback</c> and <c>alignlab ab status|promote</c> (issue 19 items 3 and 4) against a
/// real gateway on loopback and its SQLite audit store, with their bad input.
/// </summary>
public sealed class OperationsCommandTests : IDisposable
{
    private const string Key = "ops-admin-key-0123456789";

    private const string Lenient = """
        constitutional_ai:
          name: lenient
          pii: {enabled: false}
          specific_rules:
            - id: forbidden_word
              trigger: "forbidden"
              action: block
        """;

    private const string Strict = """
        constitutional_ai:
          name: strict
          pii: {enabled: false}
          specific_rules:
            - id: strict_word
              trigger: "forbidden|strict"
              action: block
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-ops-cli-").FullName;

    private string Audit => Path.Combine(_dir, "audit.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(WebApplication App, string Url)> StartGatewayAsync(string? policyB = null)
    {
        var a = Path.Combine(_dir, "a.yaml");
        if (!File.Exists(a))
        {
            await File.WriteAllTextAsync(a, Lenient);
        }

        var options = new GatewayOptions { AuditDatabasePath = Audit, PolicyPath = a, EnableDashboard = false, RequestLog = false };
        if (policyB is not null)
        {
            options.PolicyBPath = Path.Combine(_dir, "b.yaml");
            await File.WriteAllTextAsync(options.PolicyBPath, policyB);
        }

        options.Urls.Clear();
        options.Urls.Add("http://127.0.0.1:0");
        options.ApiKeys.Add(new ApiKeyEntry("operator", ApiKeyHasher.Hash(Key), 1_000, 1_000, ApiScopes.All));
        var app = await GatewayApplication.BuildAsync(options, b => b.Logging.ClearProviders());
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Environment.SetEnvironmentVariable("ALIGNLAB_OPS_TEST_KEY", Key);
        return (app, url);
    }

    private static async Task<int> PostAsync(string url, string path, string body, string contentType = "application/json")
    {
        using var client = new HttpClient { BaseAddress = new Uri(url + "/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var r = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, contentType));
        return (int)r.StatusCode;
    }

    [Fact]
    public async Task Policy_history_diff_and_rollback_work_from_the_command_line()
    {
        var (app, url) = await StartGatewayAsync();
        await using var _ = app;
        var lenient = app.Services.GetRequiredService<Server.Policies.PolicyStore>().Find("a")!.Current.Version;
        Assert.Equal(200, await PostAsync(url, "api/policies/a/reload", Strict, "application/yaml"));

        // Repro: alignlab policy history --audit audit.db
        var history = await CliRunner.RunAsync("policy", "history", "--audit", Audit, "--json");
        Assert.True(history.ExitCode == ExitCodes.Ok, history.Error);
        string strict;
        using (var doc = JsonDocument.Parse(history.Output))
        {
            var versions = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(["upload", "startup"], versions.Select(v => v.GetProperty("reason").GetString()));
            Assert.Equal("operator", versions[0].GetProperty("author").GetString());
            strict = versions[0].GetProperty("version").GetString()!;
        }

        // Repro: alignlab policy diff VERSION --audit audit.db (what that version changed), and between two versions.
        var diff = await CliRunner.RunAsync("policy", "diff", strict, "--audit", Audit);
        Assert.Equal(diff.Output, (await CliRunner.RunAsync("policy", "diff", lenient, strict, "--audit", Audit)).Output);
        Assert.True(diff.ExitCode == ExitCodes.Ok, diff.Error);
        Assert.Contains("-  name: lenient", diff.Output, StringComparison.Ordinal);
        Assert.Contains("+  name: strict", diff.Output, StringComparison.Ordinal);

        // Repro: alignlab policy rollback --to VERSION --gateway URL
        var rollback = await CliRunner.RunAsync("policy", "rollback", "--to", lenient[..8], "--gateway", url, "--api-key-env",
            "ALIGNLAB_OPS_TEST_KEY");
        Assert.True(rollback.ExitCode == ExitCodes.Ok, rollback.Error);
        Assert.Contains(lenient, rollback.Output, StringComparison.Ordinal);
        Assert.Equal(lenient, app.Services.GetRequiredService<Server.Policies.PolicyStore>().Find("a")!.Current.Version);

        var table = await CliRunner.RunAsync("policy", "history", "--audit", Audit, "--arm", "a");
        Assert.True(table.ExitCode == ExitCodes.Ok, table.Error);
        Assert.Contains("rollback", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_to_policy_commands_gets_a_clear_message_and_changes_nothing()
    {
        var (app, url) = await StartGatewayAsync();
        await using var _ = app;
        var serving = app.Services.GetRequiredService<Server.Policies.PolicyStore>().Find("a")!.Current.Version;

        var unknown = await CliRunner.RunAsync("policy", "rollback", "--to", "0123456789ab", "--gateway", url, "--api-key-env",
            "ALIGNLAB_OPS_TEST_KEY");
        Assert.Equal(ExitCodes.UsageError, unknown.ExitCode);
        Assert.Contains("no policy version '0123456789ab'", unknown.Error, StringComparison.Ordinal);

        var noGateway = await CliRunner.RunAsync("policy", "rollback", "--to", serving, "--gateway", "http://127.0.0.1:9", "--api-key-env",
            "ALIGNLAB_OPS_TEST_KEY");
        Assert.Equal(ExitCodes.Unavailable, noGateway.ExitCode);
        Assert.Contains("cannot be reached", noGateway.Error, StringComparison.Ordinal);

        var unknownDiff = await CliRunner.RunAsync("policy", "diff", "beefbeef", "--audit", Audit);
        Assert.Equal(ExitCodes.UsageError, unknownDiff.ExitCode);
        Assert.Contains("no policy version 'beefbeef'", unknownDiff.Error, StringComparison.Ordinal);

        var empty = await CliRunner.RunAsync("policy", "history", "--audit", Audit, "--from", "2001-01-01", "--to", "2001-01-07");
        Assert.Equal(ExitCodes.Failed, empty.ExitCode);
        Assert.Contains("no policy versions were applied from 2001-01-01 to 2001-01-07", empty.Error, StringComparison.Ordinal);

        var reversed = await CliRunner.RunAsync("policy", "history", "--audit", Audit, "--from", "2001-01-07", "--to", "2001-01-01");
        Assert.Equal(ExitCodes.UsageError, reversed.ExitCode);

        Assert.Equal(serving, app.Services.GetRequiredService<Server.Policies.PolicyStore>().Find("a")!.Current.Version);
    }

    [Fact]
    public async Task A_corrupt_audit_file_is_a_usage_error_for_history_and_ab_status_and_is_not_changed()
    {
        var corrupt = Path.Combine(_dir, "corrupt.db");
        await File.WriteAllTextAsync(corrupt, "not a database at all\n" + new string('z', 8192));
        var before = await File.ReadAllBytesAsync(corrupt);

        var history = await CliRunner.RunAsync("policy", "history", "--audit", corrupt);
        var status = await CliRunner.RunAsync("ab", "status", "--audit", corrupt);

        Assert.Equal((ExitCodes.UsageError, ExitCodes.UsageError), (history.ExitCode, status.ExitCode));
        Assert.Contains("not a readable SQLite audit database", history.Error, StringComparison.Ordinal);
        Assert.Contains("not a readable SQLite audit database", status.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(corrupt));
    }

    [Fact]
    public async Task Ab_status_shows_rates_intervals_and_the_test_and_ab_promote_makes_the_winner_live()
    {
        var (app, url) = await StartGatewayAsync(policyB: Strict);
        await using var _ = app;
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(200, await PostAsync(url, "api/check", "{\"text\": \"be strict please\"}"));
        }

        // Repro: alignlab ab status --audit audit.db --min-sample 5
        var status = await CliRunner.RunAsync("ab", "status", "--audit", Audit, "--min-sample", "5");
        Assert.True(status.ExitCode == ExitCodes.Ok, status.Error);
        Assert.Contains("block rate b − a: z = ", status.Output, StringComparison.Ordinal);
        Assert.Contains("the block rates differ", status.Output, StringComparison.Ordinal);
        Assert.Contains("100.0% [", status.Output, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync("ab", "status", "--audit", Audit, "--json");
        using (var doc = JsonDocument.Parse(json.Output))
        {
            Assert.Equal(40, doc.RootElement.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("requests").GetInt64()));
            Assert.False(doc.RootElement.GetProperty("enough_data").GetBoolean()); // default minimum sample: 100 per arm
        }

        // Below the default minimum the gateway refuses; with a stated minimum it promotes.
        var early = await CliRunner.RunAsync("ab", "promote", "b", "--gateway", url, "--api-key-env", "ALIGNLAB_OPS_TEST_KEY");
        Assert.Equal(ExitCodes.Failed, early.ExitCode);
        Assert.Contains("not enough data", early.Error, StringComparison.Ordinal);

        // Repro: alignlab ab promote b --min-sample 5 --gateway URL
        var promote = await CliRunner.RunAsync("ab", "promote", "b", "--min-sample", "5", "--gateway", url, "--api-key-env", "ALIGNLAB_OPS_TEST_KEY");
        Assert.True(promote.ExitCode == ExitCodes.Ok, promote.Error);
        var policies = app.Services.GetRequiredService<Server.Policies.PolicyStore>();
        Assert.Equal(policies.Find("b")!.Current.Version, policies.Find("a")!.Current.Version);

        var after = await CliRunner.RunAsync("ab", "status", "--audit", Audit, "--min-sample", "5");
        Assert.Contains("arm b promoted", after.Output, StringComparison.Ordinal);
        var history = await CliRunner.RunAsync("policy", "history", "--audit", Audit, "--arm", "a", "--json");
        using var h = JsonDocument.Parse(history.Output);
        Assert.Equal("promote", h.RootElement[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ab_status_without_an_experiment_says_so()
    {
        var (app, _) = await StartGatewayAsync();
        await app.DisposeAsync();
        var r = await CliRunner.RunAsync("ab", "status", "--audit", Audit);
        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("no A/B experiment has run", r.Error, StringComparison.Ordinal);
    }
}
