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
            ["message"] = Message(reply),
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
        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            var half = call.Arguments.Length / 2;
            yield return Sse(Chunk(request, now, ToolCallDelta(i, call, ""), null).ToJsonString());
            yield return Sse(Chunk(request, now, ToolCallDelta(i, null, call.Arguments[..half]), null).ToJsonString());
            yield return Sse(Chunk(request, now, ToolCallDelta(i, null, call.Arguments[half..]), null).ToJsonString());
        }

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

    private static JsonObject Message(ScriptedReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.ToolCalls.Count > 0 && reply.FullText.Length == 0 ? null : reply.FullText, ["refusal"] = null };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }

        return message;
    }

    /// <summary>One <c>delta.tool_calls</c> entry: the first carries id, type and name; later ones only an arguments fragment.</summary>
    private static JsonObject ToolCallDelta(int index, ScriptedToolCall? first, string arguments)
    {
        var entry = new JsonObject { ["index"] = index };
        var function = new JsonObject();
        if (first is not null)
        {
            entry["id"] = first.Id;
            entry["type"] = "function";
            function["name"] = first.Name;
        }

        function["arguments"] = arguments;
        entry["function"] = function;
        return new JsonObject { ["tool_calls"] = new JsonArray(entry) };
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
