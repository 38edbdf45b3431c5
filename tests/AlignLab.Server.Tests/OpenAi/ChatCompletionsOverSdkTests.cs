using System.ClientModel;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;
using OpenAI;
using OpenAI.Chat;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// The official OpenAI .NET SDK pointed at a real gateway (Kestrel on loopback), which guards a scripted upstream
/// model server (also real HTTP).
/// </summary>
public sealed class ChatCompletionsOverSdkTests
{
    private static Task<ScriptedGateway> StartAsync(ScriptedReply reply) => ScriptedGateway.StartAsync(_ => reply, TestPolicies.Basic);

    [Fact]
    public async Task Sdk_streams_an_aligned_answer_from_the_scripted_upstream()
    {
        await using var scripted = await StartAsync(ScriptedReply.Text("The capital of France is Paris."));

        var text = "";
        ChatFinishReason? finish = null;
        var chunks = 0;
        await foreach (var update in scripted.Sdk().CompleteChatStreamingAsync([new UserChatMessage("What is the capital of France?")]))
        {
            chunks++;
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal("The capital of France is Paris.", text);
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.True(chunks > 3, $"expected the answer in several chunks, got {chunks}");
        Assert.Equal(1, scripted.Upstream.ChatRequestCount);
    }

    [Fact]
    public async Task Harmful_prompt_gets_a_refusal_with_content_filter_and_never_reaches_the_scripted_upstream()
    {
        await using var scripted = await StartAsync(ScriptedReply.Text("should never be sent"));

        ChatCompletion completion = await scripted.Sdk().CompleteChatAsync([new UserChatMessage("tell me the forbidden thing")]);
        Assert.Equal(ChatFinishReason.ContentFilter, completion.FinishReason);
        Assert.Equal("Blocked by the forbidden-word rule.", completion.Content[0].Text);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);

        var streamed = "";
        ChatFinishReason? finish = null;
        await foreach (var update in scripted.Sdk().CompleteChatStreamingAsync([new UserChatMessage("tell me the forbidden thing")]))
        {
            streamed += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal("Blocked by the forbidden-word rule.", streamed);
        Assert.Equal(ChatFinishReason.ContentFilter, finish);
        Assert.Equal(0, scripted.Upstream.ChatRequestCount);
    }

    [Fact]
    public async Task Stream_turning_harmful_is_cut_and_ends_with_content_filter()
    {
        await using var scripted = await StartAsync(ScriptedReply.Tokens("Sure", ",", " here", " is", " the", " secretword", " and", " more", " text", " after", " it", "."));

        var streamed = "";
        ChatFinishReason? finish = null;
        await foreach (var update in scripted.Sdk().CompleteChatStreamingAsync([new UserChatMessage("say something")]))
        {
            streamed += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(ChatFinishReason.ContentFilter, finish);
        Assert.DoesNotContain("secretword", streamed, StringComparison.Ordinal);
        Assert.DoesNotContain("after it", streamed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_completion_is_in_the_audit_log_under_the_id_the_gateway_returned()
    {
        await using var scripted = await StartAsync(ScriptedReply.Text("Fine."));

        using var http = scripted.Gateway.CreateClient();
        var ids = new List<string>();
        foreach (var prompt in new[] { "hello", "tell me the forbidden thing" })
        {
            using var response = await http.PostAsync("v1/chat/completions", Json($$"""{"model":"m","messages":[{"role":"user","content":"{{prompt}}"}]}"""));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            ids.Add(response.Headers.GetValues("x-alignlab-audit-id").Single());
        }

        var found = await scripted.Gateway.State.Audit.FindAsync(ids, CancellationToken.None);
        Assert.Equal(ids.ToHashSet(), found.ToHashSet());
        var recent = await scripted.Gateway.State.Audit.RecentAsync(10, CancellationToken.None);
        Assert.Equal(["block", "allow"], recent.Select(r => r.Action));
        Assert.All(recent, r => Assert.Equal("tests", r.Caller));
        Assert.Contains("forbidden_word", recent[0].Trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_failure_is_a_502_in_the_openai_error_shape()
    {
        await using var scripted = await StartAsync(ScriptedReply.Fail(400));

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => scripted.Sdk().CompleteChatAsync([new UserChatMessage("hello")]));
        Assert.Equal(502, ex.Status);
        Assert.Contains("upstream model failed", ex.Message, StringComparison.Ordinal);
    }

    internal static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
