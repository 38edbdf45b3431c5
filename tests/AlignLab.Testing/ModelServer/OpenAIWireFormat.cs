using System.Text.Json.Nodes;

namespace AlignLab.Testing.ModelServer;

/// <summary>OpenAI chat completions: JSON, or SSE <c>chat.completion.chunk</c> frames ending in <c>[DONE]</c>.</summary>
internal sealed class OpenAIWireFormat : WireFormat
{
    private const string Id = "chatcmpl-scripted";

    public override string StreamContentType => "text/event-stream";

    public override string InvalidFrame => Sse("{\"id\":\"chatcmpl-scripted\",\"choices\":[{\"delta\":{\"content\":\"oops\"");

    public override string ErrorBody(int statusCode, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = statusCode >= 500 ? "server_error" : "invalid_request_error", ["param"] = null, ["code"] = null } }.ToJsonString();

    public override string CompleteBody(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now) => new JsonObject
    {
        ["id"] = Id,
        ["object"] = "chat.completion",
        ["created"] = now.ToUnixTimeSeconds(),
        ["model"] = request.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.FullText, ["refusal"] = null },
            ["logprobs"] = null,
            ["finish_reason"] = reply.FinishReason,
        }),
        ["usage"] = Usage(reply),
    }.ToJsonString();

    public override IEnumerable<string> StreamStart(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        yield return Sse(Chunk(request, now, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString());
    }

    public override string StreamToken(ScriptedRequest request, string token, DateTimeOffset now) =>
        Sse(Chunk(request, now, new JsonObject { ["content"] = token }, null).ToJsonString());

    public override IEnumerable<string> StreamEnd(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        yield return Sse(Chunk(request, now, new JsonObject(), reply.FinishReason).ToJsonString());
        if (request.Body.Contains("\"include_usage\":true", StringComparison.Ordinal))
        {
            var usage = Chunk(request, now, null, null);
            usage["choices"] = new JsonArray();
            usage["usage"] = Usage(reply);
            yield return Sse(usage.ToJsonString());
        }

        yield return Sse("[DONE]");
    }

    private static JsonObject Chunk(ScriptedRequest request, DateTimeOffset now, JsonObject? delta, string? finishReason)
    {
        var chunk = new JsonObject
        {
            ["id"] = Id,
            ["object"] = "chat.completion.chunk",
            ["created"] = now.ToUnixTimeSeconds(),
            ["model"] = request.Model,
        };
        if (delta is not null)
        {
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason });
        }

        return chunk;
    }

    private static JsonObject Usage(ScriptedReply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = CompletionTokens(reply),
        ["total_tokens"] = reply.PromptTokens + CompletionTokens(reply),
    };
}
