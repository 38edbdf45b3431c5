using System.Net;
using System.Text.Json;
using AlignLab.Server.Hosting;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Profiles;

/// <summary>
/// Issue 19 item 6: an API key may be limited to some profiles and contexts (<c>profiles:</c>, <c>contexts:</c> under
/// <c>api_keys</c>: absent for any, empty for the default only). A name the key may not use is a 403 in the OpenAI error
/// shape naming it; a name the policy does not define is a 400 naming it, with the closest known name.
/// </summary>
public sealed class ProfileKeyRestrictionTests
{
    [Fact]
    public async Task A_key_limited_to_child_safe_gets_it_and_the_default_but_403_for_expert_naming_the_profile()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var kids = ProfileGateway.Client(gateway, ProfileGateway.KidsKey);

        using (var ok = await kids.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"fireworks"}""",
            ("X-AlignLab-Profile", "child_safe"))))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var plain = await kids.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"fireworks"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        using var denied = await kids.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("hello"), ("X-AlignLab-Profile",
            "expert")));
        var error = await ErrorOf(denied, HttpStatusCode.Forbidden);
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal("profile_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal("X-AlignLab-Profile", error.GetProperty("param").GetString());
        Assert.Contains("'kids-app' may not use profile 'expert'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("it may use: child_safe", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, gateway.Upstream.ChatRequestCount);

        // The refusal is audited like any request refused before a decision.
        var audit = await gateway.Gateway.State.Audit.RecentAsync(1, CancellationToken.None);
        Assert.Equal(403, audit[0].Status);
        Assert.Equal("chat.completions", audit[0].Endpoint);
    }

    [Fact]
    public async Task A_key_with_empty_lists_may_use_only_the_default_and_check_applies_the_same_rule()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var plain = ProfileGateway.Client(gateway, ProfileGateway.PlainKey);

        const string KidsInMetadata = """{"input":"x","metadata":{"alignlab_profile":"child_safe"}}""";
        using var metadata = await plain.SendAsync(ProfileGateway.Post("v1/moderations", KidsInMetadata));
        var error = await ErrorOf(metadata, HttpStatusCode.Forbidden);
        Assert.Equal("metadata.alignlab_profile", error.GetProperty("param").GetString());
        Assert.Contains("only the default (no profile)", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var context = await plain.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}""", ("X-AlignLab-Context", "educational")));
        Assert.Contains("may not use context 'educational'", (await ErrorOf(context, HttpStatusCode.Forbidden)).GetProperty("message").GetString(),
            StringComparison.Ordinal);

        // /api/check takes context and profile in its body; it cannot be used to try a profile the key may not use.
        using var check = await plain.SendAsync(ProfileGateway.Post("api/check", """{"text":"fireworks","profile":"child_safe"}"""));
        Assert.Equal("profile", (await ErrorOf(check, HttpStatusCode.Forbidden)).GetProperty("param").GetString());

        using var fine = await plain.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}"""));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task An_unknown_profile_is_400_naming_it_with_did_you_mean_and_nothing_reaches_the_model()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, RunningGateway.Key);

        using var typo = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("hello"), ("X-AlignLab-Profile",
            "child_saf")));
        var error = await ErrorOf(typo, HttpStatusCode.BadRequest);
        Assert.Equal("unknown profile 'child_saf': did you mean 'child_safe'?", error.GetProperty("message").GetString());
        Assert.Equal("X-AlignLab-Profile", error.GetProperty("param").GetString());

        const string Kindergarten = """{"input":"x","metadata":{"alignlab_context":"kindergarten"}}""";
        using var far = await client.SendAsync(ProfileGateway.Post("v1/moderations", Kindergarten));
        var farError = await ErrorOf(far, HttpStatusCode.BadRequest);
        Assert.Equal("unknown context 'kindergarten': expected one of: educational", farError.GetProperty("message").GetString());
        Assert.Equal("metadata.alignlab_context", farError.GetProperty("param").GetString());

        // An unknown name is a 400 even for a key that could not use it anyway: the typo is the more useful message.
        using var kids = ProfileGateway.Client(gateway, ProfileGateway.KidsKey);
        using var kidsTypo = await kids.SendAsync(ProfileGateway.Post("v1/moderations", """{"input":"x"}""", ("X-AlignLab-Profile", "exprt")));
        Assert.Contains("did you mean 'expert'?", (await ErrorOf(kidsTypo, HttpStatusCode.BadRequest)).GetProperty("message").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(0, gateway.Upstream.ChatRequestCount);
    }

    [Fact]
    public void The_gateway_file_reads_profiles_and_contexts_per_key_absent_as_any_and_empty_as_default_only()
    {
        using var dir = new TempDir();
        var hash = new string('a', 64);
        var path = dir.Write("gateway.yaml", $$"""
            api_keys:
              - {name: any, sha256: {{hash}}}
              - {name: kids, sha256: {{hash.Replace('a', 'b')}}, profiles: [child_safe], contexts: educational}
              - {name: plain, sha256: {{hash.Replace('a', 'c')}}, profiles: [], contexts: []}
            """);
        var options = new GatewayOptions();
        var diagnostics = GatewayConfigLoader.Load(path, options);

        Assert.Empty(diagnostics);
        var keys = options.ApiKeys.ToDictionary(k => k.Name);
        Assert.Null(keys["any"].Profiles);
        Assert.Null(keys["any"].Contexts);
        Assert.Equal(["child_safe"], keys["kids"].Profiles!);
        Assert.Equal(["educational"], keys["kids"].Contexts!);
        Assert.Empty(keys["plain"].Profiles!);
        Assert.Empty(keys["plain"].Contexts!);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("error").Clone();
    }
}
