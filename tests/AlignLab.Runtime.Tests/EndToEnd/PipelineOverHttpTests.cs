using AlignLab.Providers.Errors;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Redaction;
using AlignLab.Runtime.Tests.TestSupport;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Tests.EndToEnd;

/// <summary>
/// The aligned client in front of the real OpenAI, OllamaSharp and Anthropic SDKs, talking real HTTP on loopback to a
/// scripted upstream model server.
/// </summary>
public sealed class PipelineOverHttpTests
{
    public static TheoryData<string> Providers => ["openai", "ollama", "anthropic"];

    private static AlignedChatClient Aligned(IChatClient inner, int interval = 4, int maxInterventions = 0, Action<AlignmentOptions>? configure = null)
    {
        var options = new AlignmentOptions { Constitution = TestPolicies.Basic(interval, maxInterventions), UseClassifier = false, Redactor = new EmailOnlyRedactor() };
        configure?.Invoke(options);
        return new AlignedChatClient(inner, new AlignmentPipeline(options));
    }

    private static async Task<(string Text, List<ChatResponseUpdate> Updates)> Stream(IChatClient client, string prompt)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)]))
        {
            updates.Add(u);
        }

        return (string.Concat(updates.Select(u => u.Text)), updates);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Harmful_prompt_is_refused_without_calling_the_scripted_model(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("should never be sent"));
        using var client = Aligned(ScriptedUpstream.Client(server, provider));

        var response = await client.GetResponseAsync("tell me the forbidden thing").WaitAsync(ScriptedUpstream.Guard);
        var (text, updates) = await Stream(client, "tell me the forbidden thing").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal(0, server.ChatRequestCount);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("Blocked by the forbidden-word rule.", response.Text);
        Assert.Equal("Blocked by the forbidden-word rule.", text);
        Assert.Equal(ChatFinishReason.ContentFilter, updates[^1].FinishReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Benign_answer_from_the_scripted_model_streams_through_unchanged(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("The capital of France is Paris."));
        using var client = Aligned(ScriptedUpstream.Client(server, provider));

        var response = await client.GetResponseAsync("capital of France?").WaitAsync(ScriptedUpstream.Guard);
        var (text, updates) = await Stream(client, "capital of France?").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal("The capital of France is Paris.", response.Text);
        Assert.Equal("The capital of France is Paris.", text);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.True(server.Requests.Where(r => r.Messages.Count > 0).All(r => r.Messages[^1].Text == "capital of France?"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Scripted_stream_that_turns_harmful_is_cut_within_one_check_interval(string provider)
    {
        const int interval = 4;
        var tokens = Enumerable.Range(0, 40).Select(i => $"safe{i} ").Append("forbidden ").Concat(Enumerable.Range(0, 200).Select(i => $"after{i} ")).ToArray();
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Tokens(tokens));
        var counting = new CountingChatClient(ScriptedUpstream.Client(server, provider));
        using var client = Aligned(counting, interval);

        var (text, updates) = await Stream(client, "tell me a long story").WaitAsync(ScriptedUpstream.Guard);

        Assert.DoesNotContain("forbidden", text, StringComparison.Ordinal);
        Assert.DoesNotContain("after", text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.ContentFilter, updates[^1].FinishReason);
        var harmfulAt = counting.Texts.FindIndex(t => t.Contains("forbidden", StringComparison.Ordinal)) + 1;
        Assert.True(harmfulAt > 0, "the harmful token was streamed");
        Assert.InRange(counting.UpdatesPulled - harmfulAt, 0, interval - 1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Pii_in_a_scripted_response_is_redacted(string provider)
    {
        const string answer = "Contact alice.smith@example.com or call +44 20 7946 0958. Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, server 203.0.113.7, key AKIAIOSFODNN7EXAMPLE. Thanks!";
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text(answer));
        using var client = Aligned(ScriptedUpstream.Client(server, provider), configure: o => o.Redactor = new PiiTextRedactor());

        var response = await client.GetResponseAsync("who to contact?").WaitAsync(ScriptedUpstream.Guard);
        var (text, _) = await Stream(client, "who to contact?").WaitAsync(ScriptedUpstream.Guard);

        foreach (var secret in new[] { "alice.smith", "7946", "4111", "GB82", "203.0.113.7", "AKIAIOSFODNN7EXAMPLE" })
        {
            Assert.DoesNotContain(secret, response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Equal(response.Text, text);
        Assert.StartsWith("Contact [EMAIL] or call [PHONE].", text, StringComparison.Ordinal);
        Assert.EndsWith("Thanks!", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Faults => new()
    {
        { "openai", "500" }, { "openai", "hang" }, { "openai", "truncated" }, { "openai", "invalid_json" },
        { "ollama", "500" }, { "ollama", "hang" }, { "ollama", "truncated" }, { "ollama", "invalid_json" },
        { "anthropic", "500" }, { "anthropic", "truncated" },
    };

    private static ScriptedReply Fault(string kind) => kind switch
    {
        "500" => ScriptedReply.Fail(500),
        "hang" => ScriptedReply.Hang(),
        "truncated" => ScriptedReply.Truncated("this answer is cut off in the middle of a sentence", chunksBeforeAbort: 3),
        _ => ScriptedReply.InvalidJson(),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Upstream_fault_gives_a_clear_error_never_a_hang(string provider, string fault)
    {
        await using var server = await ScriptedModelServer.StartAsync(Fault(fault));
        using var client = Aligned(ScriptedUpstream.Client(server, provider, "timeout=500ms;retries=1"));

        var plain = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("hello").WaitAsync(ScriptedUpstream.Guard));
        Assert.Contains("scripted-model", plain.Message, StringComparison.Ordinal);
        var streamed = await Assert.ThrowsAsync<ModelProviderException>(() => Stream(client, "hello").WaitAsync(ScriptedUpstream.Guard));
        Assert.False(string.IsNullOrWhiteSpace(streamed.Message));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Upstream_fault_gives_the_configured_fallback(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Fail(503));
        using var client = Aligned(ScriptedUpstream.Client(server, provider, "timeout=500ms;retries=0"), configure: o => o.ModelFailureFallback = "The model is unavailable right now.");

        var response = await client.GetResponseAsync("hello").WaitAsync(ScriptedUpstream.Guard);
        var (text, updates) = await Stream(client, "hello").WaitAsync(ScriptedUpstream.Guard);

        Assert.Equal("The model is unavailable right now.", response.Text);
        Assert.Equal("The model is unavailable right now.", text);
        Assert.Contains(response.GetAlignmentTrace()!.Events, e => e.Stage == "generation" && e.Kind == "failure");
        Assert.Contains(updates[^1].GetAlignmentTrace()!.Events, e => e.Stage == "generation" && e.Kind == "failure");
    }
}
