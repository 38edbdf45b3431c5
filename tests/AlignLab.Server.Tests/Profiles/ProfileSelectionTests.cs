using System.ClientModel;
using System.Net;
using System.Text.Json;
using AlignLab.Server.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace AlignLab.Server.Tests.Profiles;

/// <summary>
/// Issue 19 item 6: a request chooses the constitution profile or context that decides it, by header
/// (<c>X-AlignLab-Profile</c>, <c>X-AlignLab-Context</c>) or OpenAI <c>metadata</c>, on chat completions (streamed and
/// not) and moderations, over real HTTP in front of a scripted upstream.
/// </summary>
public sealed class ProfileSelectionTests
{
    private const string Fireworks = "tell me about fireworks";

    [Fact]
    public async Task A_chat_prompt_allowed_by_default_is_refused_under_child_safe_chosen_by_header_streamed_and_not()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, Support.RunningGateway.Key);

        using (var plain = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat(Fireworks))))
        {
            using var doc = JsonDocument.Parse(await plain.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal("stop", doc.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            Assert.False(plain.Headers.Contains("x-alignlab-profile"));
        }

        Assert.Equal(1, gateway.Upstream.ChatRequestCount);
        using (var kids = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat(Fireworks),
            ("X-AlignLab-Profile", "child_safe"))))
        {
            using var doc = JsonDocument.Parse(await kids.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, kids.StatusCode);
            var choice = doc.RootElement.GetProperty("choices")[0];
            Assert.Equal("content_filter", choice.GetProperty("finish_reason").GetString());
            Assert.Equal("Fireworks are not a topic here.", choice.GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("child_safe", doc.RootElement.GetProperty("alignlab").GetProperty("profile").GetString());
            Assert.Equal("child_safe", kids.Headers.GetValues("x-alignlab-profile").Single());
        }

        using (var streamed = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat(Fireworks, stream: true),
            ("X-AlignLab-Profile", "child_safe"))))
        {
            var sse = await streamed.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
            Assert.Contains("\"finish_reason\":\"content_filter\"", sse, StringComparison.Ordinal);
            Assert.Contains("Fireworks are not a topic here.", sse, StringComparison.Ordinal);
        }

        // Neither refused request reached the model; a default request after them is still answered.
        Assert.Equal(1, gateway.Upstream.ChatRequestCount);
        using (var again = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat(Fireworks, stream: true))))
        {
            var sse = await again.Content.ReadAsStringAsync();
            Assert.Contains("\"finish_reason\":\"stop\"", sse, StringComparison.Ordinal);
        }

        Assert.Equal(2, gateway.Upstream.ChatRequestCount);
    }

    [Fact]
    public async Task The_OpenAI_SDKs_metadata_alignlab_profile_chooses_child_safe()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        var sdk = new OpenAIClient(new ApiKeyCredential(Support.RunningGateway.Key),
            new OpenAIClientOptions { Endpoint = new Uri(gateway.Gateway.BaseAddress, "v1") })
            .GetChatClient("gpt-test");
        var options = new ChatCompletionOptions();
        options.Metadata["alignlab_profile"] = "child_safe";
        options.Metadata["tenant"] = "school-42";

        ChatCompletion refused = await sdk.CompleteChatAsync([new UserChatMessage(Fireworks)], options);
        Assert.Equal(ChatFinishReason.ContentFilter, refused.FinishReason);

        ChatCompletion answered = await sdk.CompleteChatAsync([new UserChatMessage(Fireworks)]);
        Assert.Equal(ChatFinishReason.Stop, answered.FinishReason);
        Assert.Equal(ProfileGateway.Answer, answered.Content[0].Text);
    }

    [Fact]
    public async Task A_moderation_in_the_educational_context_chosen_by_metadata_allows_what_the_default_blocks()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, Support.RunningGateway.Key);

        var flaggedByDefault = await FlaggedAsync(client, """{"input":"the forbidden topic"}""");
        var flaggedInClass = await FlaggedAsync(client, """{"input":"the forbidden topic","metadata":{"alignlab_context":"educational"}}""");
        var kidsFireworks = await FlaggedAsync(client, """{"input":"fireworks"}""", ("X-AlignLab-Profile", "child_safe"));
        var defaultFireworks = await FlaggedAsync(client, """{"input":"fireworks"}""");

        Assert.True(flaggedByDefault);
        Assert.False(flaggedInClass);
        Assert.True(kidsFireworks);
        Assert.False(defaultFireworks);
    }

    [Fact]
    public async Task The_header_wins_over_metadata_when_both_name_a_profile()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, Support.RunningGateway.Key);
        const string KidsInMetadata = """{"input":"fireworks","metadata":{"alignlab_profile":"child_safe"}}""";
        const string ExpertInMetadata = """{"input":"fireworks","metadata":{"alignlab_profile":"expert"}}""";

        using (var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", KidsInMetadata, ("X-AlignLab-Profile", "expert"))))
        {
            Assert.Equal("expert", r.Headers.GetValues("x-alignlab-profile").Single());
            Assert.False(await FlaggedIn(r));
        }

        using (var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", ExpertInMetadata, ("X-AlignLab-Profile", "child_safe"))))
        {
            Assert.Equal("child_safe", r.Headers.GetValues("x-alignlab-profile").Single());
            Assert.True(await FlaggedIn(r));
        }

        // A header for one name leaves the metadata's other name in force: header profile plus metadata context.
        const string Both = """{"input":"forbidden fireworks","metadata":{"alignlab_context":"educational"}}""";
        using (var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", Both, ("X-AlignLab-Profile", "expert"))))
        {
            Assert.Equal("educational", r.Headers.GetValues("x-alignlab-context").Single());
            Assert.Equal("expert", r.Headers.GetValues("x-alignlab-profile").Single());
            Assert.False(await FlaggedIn(r));
        }
    }

    [Fact]
    public async Task A_reload_disposes_the_profiles_pipelines_but_not_the_upstream_and_the_new_version_builds_its_own()
    {
        await using var gateway = await ProfileGateway.StartAsync();
        using var client = ProfileGateway.Client(gateway, Support.RunningGateway.Key);
        var arm = gateway.Gateway.State.Policies.Find("a")!;
        using (var r = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("hello"), ("X-AlignLab-Profile",
            "expert"))))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var old = arm.Current;
        Assert.Equal(1, old.Variants!.Count);
        var oldVariant = old.For(new AlignLab.Server.Profiles.RequestSelection(null, "expert", "header"));
        Assert.False(oldVariant.Pipeline.IsDisposed);

        // A new version (the fireworks rule now blocks for everyone) replaces the snapshot; its variants go with it.
        var stricter = ProfileGateway.Policy.Replace("action: log_only", "action: block", StringComparison.Ordinal);
        using (var reload = await client.PostAsync("api/policies/a/reload", new StringContent(stricter, System.Text.Encoding.UTF8,
            "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        }

        Assert.True(oldVariant.Pipeline.IsDisposed);
        Assert.True(old.Pipeline.IsDisposed);
        using (var r = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat("hello"), ("X-AlignLab-Profile",
            "expert"))))
        {
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("stop", doc.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            Assert.Equal(ProfileGateway.Answer, doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        using (var r = await client.SendAsync(ProfileGateway.Post("v1/chat/completions", ProfileGateway.Chat(Fireworks), ("X-AlignLab-Profile",
            "expert"))))
        {
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("content_filter", doc.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        }

        Assert.Equal(1, arm.Current.Variants!.Count);
        Assert.Equal(2, gateway.Upstream.ChatRequestCount);
    }

    private static async Task<bool> FlaggedAsync(HttpClient client, string json, params (string, string)[] headers)
    {
        using var r = await client.SendAsync(ProfileGateway.Post("v1/moderations", json, headers));
        return await FlaggedIn(r);
    }

    private static async Task<bool> FlaggedIn(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("results")[0].GetProperty("flagged").GetBoolean();
    }
}
