using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlignLab.Server.Tests.Support;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Server.Tests.OpenAi;

/// <summary>
/// The raw bytes of a streamed chat completion, now written by TypedResults.ServerSentEvents: what OpenAI's clients
/// parse (data lines only, a blank line after each, data: [DONE] last), and the errors that must stay plain JSON.
/// </summary>
public sealed class ChatCompletionStreamWireTests
{
    private const string Body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";

    private static HttpRequestMessage Streamed()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    [Fact]
    public async Task A_streamed_answer_is_data_lines_only_each_followed_by_a_blank_line_and_ends_with_data_DONE()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Text("The capital of France is Paris."), TestPolicies.Basic);
        using var client = scripted.Gateway.CreateClient();

        using var response = await client.SendAsync(Streamed());
        var wire = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-alignlab-audit-id"));
        Assert.EndsWith("\n\ndata: [DONE]\n\n", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", wire, StringComparison.Ordinal);
        var events = wire[..^2].Split("\n\n");
        Assert.All(events, e => Assert.Matches("^data: [^\n]+$", e));
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Select(c =>
            c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal("The capital of France is Paris.", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task An_upstream_that_fails_before_its_first_token_gets_a_502_in_the_OpenAI_error_shape_not_an_event_stream()
    {
        await using var scripted = await ScriptedGateway.StartAsync(_ => ScriptedReply.Fail(400), TestPolicies.Basic);
        using var client = scripted.Gateway.CreateClient();

        using var response = await client.SendAsync(Streamed());
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("upstream_failed", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
