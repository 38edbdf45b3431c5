using System.Text.Json.Nodes;

namespace AlignLab.Testing.ModelServer;

/// <summary>Anthropic <c>/v1/messages</c>: a <c>message</c> object, or the SSE event sequence message_start … message_stop.</summary>
internal sealed class AnthropicWireFormat : WireFormat
{
    private const string Id = "msg_scripted";

    public override string StreamContentType => "text/event-stream";

    public override string InvalidFrame => Sse("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":", "content_block_delta");

    public override string ErrorBody(int statusCode, string message) => new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = statusCode >= 500 ? "api_error" : "invalid_request_error", ["message"] = message },
    }.ToJsonString();

    public override string CompleteBody(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        var message = Message(request, reply, StopReason(reply.FinishReason), CompletionTokens(reply));
        message["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.FullText });
        return message.ToJsonString();
    }

    public override IEnumerable<string> StreamStart(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        yield return Sse(new JsonObject { ["type"] = "message_start", ["message"] = Message(request, reply, null, 1) }.ToJsonString(), "message_start");
        yield return Sse(new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        }.ToJsonString(), "content_block_start");
        yield return Sse("{\"type\":\"ping\"}", "ping");
    }

    public override string StreamToken(ScriptedRequest request, string token, DateTimeOffset now) => Sse(new JsonObject
    {
        ["type"] = "content_block_delta",
        ["index"] = 0,
        ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = token },
    }.ToJsonString(), "content_block_delta");

    public override IEnumerable<string> StreamEnd(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        yield return Sse("{\"type\":\"content_block_stop\",\"index\":0}", "content_block_stop");
        yield return Sse(new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply.FinishReason), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = CompletionTokens(reply) },
        }.ToJsonString(), "message_delta");
        yield return Sse("{\"type\":\"message_stop\"}", "message_stop");
    }

    private static JsonObject Message(ScriptedRequest request, ScriptedReply reply, string? stopReason, int outputTokens) => new()
    {
        ["id"] = Id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model,
        ["content"] = new JsonArray(),
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = reply.PromptTokens,
            ["output_tokens"] = outputTokens,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
        },
    };

    private static string StopReason(string finishReason) => finishReason switch
    {
        "stop" => "end_turn",
        "length" => "max_tokens",
        "tool_calls" => "tool_use",
        _ => finishReason,
    };
}
