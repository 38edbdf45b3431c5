using System.Globalization;
using System.Text.Json.Nodes;

namespace AlignLab.Testing.ModelServer;

/// <summary>Ollama <c>/api/chat</c>: one JSON object, or NDJSON lines ending in one with <c>done: true</c>.</summary>
internal sealed class OllamaWireFormat : WireFormat
{
    public override string StreamContentType => "application/x-ndjson";

    public override string InvalidFrame => "{\"model\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"oops\"\n";

    public override string ErrorBody(int statusCode, string message) => new JsonObject { ["error"] = message }.ToJsonString();

    public override string CompleteBody(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now) => Final(request, reply, now, reply.FullText).ToJsonString();

    public override IEnumerable<string> StreamStart(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now) => [];

    public override string StreamToken(ScriptedRequest request, string token, DateTimeOffset now) => new JsonObject
    {
        ["model"] = request.Model,
        ["created_at"] = Timestamp(now),
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = token },
        ["done"] = false,
    }.ToJsonString() + "\n";

    public override IEnumerable<string> StreamEnd(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now)
    {
        yield return Final(request, reply, now, "").ToJsonString() + "\n";
    }

    private static JsonObject Final(ScriptedRequest request, ScriptedReply reply, DateTimeOffset now, string content) => new()
    {
        ["model"] = request.Model,
        ["created_at"] = Timestamp(now),
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        ["done"] = true,
        ["done_reason"] = reply.FinishReason,
        ["total_duration"] = 1_000_000,
        ["load_duration"] = 1_000,
        ["prompt_eval_count"] = reply.PromptTokens,
        ["prompt_eval_duration"] = 1_000,
        ["eval_count"] = CompletionTokens(reply),
        ["eval_duration"] = 1_000,
    };

    private static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
