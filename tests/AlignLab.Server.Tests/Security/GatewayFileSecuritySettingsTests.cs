using System.Net;
using System.Text;
using AlignLab.Server.Hosting;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using AlignLab.Testing.Support;

namespace AlignLab.Server.Tests.Security;

/// <summary>
/// The gateway file's security keys (<c>anonymous_scopes</c>, <c>policy_include_folder</c>, <c>policy_limits</c>) read
/// from a real file and acted on over real HTTP, a scripted upstream behind the gateway: the loader tests prove each is
/// parsed, these prove the running gateway obeys it.
/// </summary>
public sealed class GatewayFileSecuritySettingsTests
{
    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static Action<GatewayOptions> FromFile(TempDir dir, string gatewayYaml, bool keepKey = false) => o =>
    {
        if (!keepKey)
        {
            o.ApiKeys.Clear();
        }

        var diagnostics = GatewayConfigLoader.Load(dir.Write("gateway.yaml", gatewayYaml), o);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
    };

    [Fact]
    public async Task Anonymous_scopes_inference_in_the_file_lets_anonymous_callers_moderate_but_not_replace_the_policy_on_loopback()
    {
        using var dir = new TempDir();
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), TestPolicies.Basic, FromFile(dir, "anonymous_scopes: [inference]\n"));
        using var anonymous = s.Gateway.CreateClient(anonymous: true);
        var before = s.Gateway.State.Policies.Find("a")!.Current.Version;

        using var moderation = await anonymous.PostAsync("v1/moderations", new StringContent("{\"input\":\"hello\"}", Encoding.UTF8, "application/json"));
        using var reload = await anonymous.PostAsync("api/policies/a/reload", Yaml(TestPolicies.Strict));

        Assert.Equal(HttpStatusCode.OK, moderation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reload.StatusCode);
        Assert.Contains("insufficient_scope", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, s.Gateway.State.Policies.Find("a")!.Current.Version);
    }

    [Fact]
    public async Task Without_anonymous_scopes_a_loopback_gateway_without_keys_lets_anonymous_callers_reload()
    {
        // The contrast to the test above: the file's key is what made the reload a 403.
        using var dir = new TempDir();
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), TestPolicies.Basic, FromFile(dir, "allowed_hosts: [gateway.test]\n"));
        using var anonymous = s.Gateway.CreateClient(anonymous: true);

        using var reload = await anonymous.PostAsync("api/policies/a/reload", Yaml(TestPolicies.Strict));

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
    }

    [Fact]
    public async Task Policy_include_folder_in_the_file_lets_an_upload_include_a_file_of_that_folder_and_nothing_outside_it()
    {
        using var dir = new TempDir();
        using var folder = new TempDir();
        folder.Write("shared-rules.yaml", "constitutional_ai:\n  specific_rules:\n    - {id: shared_rule, trigger: \"zanzibar\", action: block}\n");
        dir.Write("outside.yaml", "constitutional_ai:\n  specific_rules:\n    - {id: outside_rule, trigger: \"zanzibar\", action: block}\n");
        var file = $"policy_include_folder: {folder.Path}\n";
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), TestPolicies.Basic, FromFile(dir, file, keepKey: true));
        using var admin = s.Gateway.CreateClient();

        using var inside = await admin.PostAsync("api/policies/a/reload", Yaml("include: shared-rules.yaml\n" + TestPolicies.Basic));
        var insideBody = await inside.Content.ReadAsStringAsync();
        using var outside = await admin.PostAsync("api/policies/a/reload", Yaml($"include: \"{dir.File("outside.yaml")}\"\n" + TestPolicies.Basic));
        var outsideBody = await outside.Content.ReadAsStringAsync();

        Assert.True(inside.StatusCode == HttpStatusCode.OK, insideBody);
        Assert.Contains(s.Gateway.State.Policies.Find("a")!.Current.Constitution.Rules, r => r.Id == "shared_rule");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Contains("AL1019", outsideBody, StringComparison.Ordinal);
        Assert.DoesNotContain(dir.Path, outsideBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_limits_in_the_file_refuse_an_upload_over_the_rule_limit_and_accept_one_under_it()
    {
        using var dir = new TempDir();
        await using var s = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("ok"), TestPolicies.Basic,
            FromFile(dir, "policy_limits:\n  max_rules: 2\n", keepKey: true));
        using var admin = s.Gateway.CreateClient();
        static string Rules(int n) => "constitutional_ai:\n  name: limited\n  specific_rules:\n"
            + string.Concat(Enumerable.Range(0, n).Select(i => $"    - {{id: r{i}, trigger: \"word{i}\", action: block}}\n"));

        using var over = await admin.PostAsync("api/policies/a/reload", Yaml(Rules(3)));
        var overBody = await over.Content.ReadAsStringAsync();
        using var under = await admin.PostAsync("api/policies/a/reload", Yaml(Rules(2)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Contains("the policy has more than 2 rules", overBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, under.StatusCode);
        Assert.Equal("limited", s.Gateway.State.Policies.Find("a")!.Current.Constitution.Name);
    }
}
