using AlignLab.Providers.Clients;
using AlignLab.Providers.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Tests.Clients;

/// <summary>The official SDKs, built by <see cref="ChatClientFactory"/>, talking real HTTP to a scripted loopback server: well-behaved answers.</summary>
public sealed class SdkAgainstScriptedServerTests
{
    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_returns_non_streaming_text(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("The capital of France is Paris."));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options());

        var response = await client.GetResponseAsync("What is the capital of France?").WaitAsync(Scripted.Guard);

        Assert.Equal("The capital of France is Paris.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var request = Assert.Single(server.Requests, r => r.Protocol != ScriptedProtocol.Other);
        Assert.False(request.Stream);
        Assert.Equal(Scripted.ModelId(provider), request.Model);
        Assert.Equal("What is the capital of France?", request.LastUserText);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_streams_tokens_in_order_with_finish_reason(string provider)
    {
        string[] tokens = ["Hel", "lo", ", ", "wor", "ld", "!"];
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Tokens(tokens));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options());

        var texts = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync("Say hello").WithCancellation(new CancellationTokenSource(Scripted.Guard).Token))
        {
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(string.Concat(tokens), string.Concat(texts));
        Assert.True(texts.Count >= tokens.Length, $"expected at least {tokens.Length} text updates, got {texts.Count}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        var request = Assert.Single(server.Requests, r => r.Protocol != ScriptedProtocol.Other);
        Assert.True(request.Stream);
        Assert.Equal(Scripted.ModelId(provider), request.Model);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_reports_length_finish_reason(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("cut at the cap") with { FinishReason = "length" });
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options());

        var response = await client.GetResponseAsync("Write a long essay").WaitAsync(Scripted.Guard);
        var streamed = await client.GetStreamingResponseAsync("Write a long essay").ToChatResponseAsync().WaitAsync(Scripted.Guard);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(ChatFinishReason.Length, streamed.FinishReason);
        Assert.Equal("cut at the cap", streamed.Text);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_passes_system_message_and_history_through(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("ok"));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options());
        ChatMessage[] conversation =
        [
            new(ChatRole.System, "You are a careful assistant."),
            new(ChatRole.User, "first question"),
            new(ChatRole.Assistant, "first answer"),
            new(ChatRole.User, "second question"),
        ];

        await client.GetResponseAsync(conversation).WaitAsync(Scripted.Guard);
        await client.GetStreamingResponseAsync(conversation).ToChatResponseAsync().WaitAsync(Scripted.Guard);

        var requests = server.Requests.Where(r => r.Protocol != ScriptedProtocol.Other).ToList();
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            Assert.Equal(
                [new("system", "You are a careful assistant."), new("user", "first question"), new("assistant", "first answer"), new("user", "second question")],
                request.Messages);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_sends_spec_temperature_and_max_tokens_unless_caller_overrides(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("ok"));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "temperature=0.25;max_tokens=77"), Scripted.Options());

        await client.GetResponseAsync("defaults").WaitAsync(Scripted.Guard);
        await client.GetResponseAsync("override", new ChatOptions { Temperature = 0.9f, MaxOutputTokens = 12 }).WaitAsync(Scripted.Guard);

        var requests = server.Requests.Where(r => r.Protocol != ScriptedProtocol.Other).ToList();
        Assert.Equal(77, requests[0].MaxTokens);
        Assert.Equal(12, requests[1].MaxTokens);
        if (provider == "anthropic")
        {
            // Anthropic SDK 13.x (API version 2026-10-21) has no temperature parameter: the adapter cannot send one.
            Assert.All(requests, r => Assert.Null(r.Temperature));
        }
        else
        {
            Assert.Equal(0.25, requests[0].Temperature!.Value, 3);
            Assert.Equal(0.9, requests[1].Temperature!.Value, 3);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_sends_the_key_from_the_named_environment_variable(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("ok"));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider), Scripted.Options());

        await client.GetResponseAsync("hi").WaitAsync(Scripted.Guard);

        var request = Assert.Single(server.Requests, r => r.Protocol != ScriptedProtocol.Other);
        Assert.True(Scripted.FakeKey == Scripted.SentKey(request), "headers: " + string.Join(", ", request.Headers));
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Sdk_against_scripted_server_waits_for_a_slow_but_in_time_answer(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Delayed("late but fine", TimeSpan.FromMilliseconds(300)));
        using var client = ChatClientFactory.Create(Scripted.Spec(server, provider, "timeout=3s;retries=0"), Scripted.Options());

        var response = await client.GetResponseAsync("hi").WaitAsync(Scripted.Guard);

        Assert.Equal("late but fine", response.Text);
        Assert.Equal(1, server.ChatRequestCount);
    }
}
