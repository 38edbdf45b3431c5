using System.Net;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Policies;

/// <summary>Hot reload over HTTP: a valid policy replaces the old one at once; an invalid one is refused with line:column errors and the old one keeps serving.</summary>
public sealed class PolicyReloadTests
{
    private static StringContent Check(string text) => new(JsonSerializer.Serialize(new { text }), Encoding.UTF8, "application/json");

    private static async Task<string> ActionFor(HttpClient client, string text)
    {
        using var r = await client.PostAsync("api/check", Check(text));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("decision").GetProperty("action").GetString()!;
    }

    [Fact]
    public async Task Invalid_reload_is_422_with_line_and_column_and_the_old_policy_keeps_serving()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        Assert.Equal("block", await ActionFor(client, "the forbidden thing"));
        var before = gateway.State.Policies.Find("a")!.Current.Version;

        // A typo in an action name, on line 5 of the posted text.
        var broken = "constitutional_ai:\n  name: broken\n  specific_rules:\n    - id: r\n      action: blok\n      trigger: \"x\"\n";
        using var response = await client.PostAsync("api/policies/a/reload", new StringContent(broken, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(doc.RootElement.GetProperty("reloaded").GetBoolean());
        var error = doc.RootElement.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(5, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() > 0);
        Assert.Contains("blok", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, doc.RootElement.GetProperty("serving_version").GetString());

        Assert.Equal("block", await ActionFor(client, "the forbidden thing"));
        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
        Assert.Equal(TestPolicies.Basic.Replace("\r\n", "\n", StringComparison.Ordinal), (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_from_the_edited_file_serves_the_new_rules_without_restart()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();
        Assert.Equal("allow", await ActionFor(client, "be strict please"));

        await File.WriteAllTextAsync(path, TestPolicies.Strict);
        using var response = await client.PostAsync("api/policies/a/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal("block", await ActionFor(client, "be strict please"));
        using var list = await client.GetAsync("api/policies");
        using var doc = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal("gateway-strict", doc.RootElement.GetProperty("arms")[0].GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Posted_yaml_with_persist_is_served_and_written_to_the_file()
    {
        using var dir = new TempDir();
        var path = dir.Write("policy.yaml", TestPolicies.Basic);
        await using var gateway = await RunningGateway.StartAsync(o => o.PolicyPath = path);
        using var client = gateway.CreateClient();

        var body = JsonSerializer.Serialize(new { yaml = TestPolicies.Strict, persist = true });
        using var response = await client.PostAsync("api/policies/a/reload", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("block", await ActionFor(client, "be strict please"));
        Assert.Contains("gateway-strict", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reports_errors_without_changing_what_is_served()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var client = gateway.CreateClient();
        var before = gateway.State.Policies.Find("a")!.Current.Version;

        using var response = await client.PostAsync("api/policies/validate", new StringContent("constitutional_ai:\n  name: x\n  specific_rules: [\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("diagnostics")[0].GetProperty("line").GetInt32() > 0);
        Assert.Equal(before, gateway.State.Policies.Find("a")!.Current.Version);
    }
}
