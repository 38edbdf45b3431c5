using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// The parts of an OpenAI chat completion request the gateway understands, function tools included (declarations in
/// <see cref="ChatOptions.Tools"/>, assistant <c>tool_calls</c> as <see cref="FunctionCallContent"/>, <c>tool</c>
/// messages as <see cref="FunctionResultContent"/>; see <see cref="ChatToolsReader"/>).
/// </summary>
/// <param name="Model">The model name the client asked for (echoed back; the gateway's upstream decides).</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Stream">Whether to answer with server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed answer ends with a usage chunk.</param>
/// <param name="Options">Sampling and tool options passed upstream.</param>
/// <param name="User">The end user the client named (used to keep a user in one A/B arm).</param>
public sealed record ChatCompletionRequest(string Model, IReadOnlyList<ChatMessage> Messages, bool Stream, bool IncludeUsage, ChatOptions Options, string? User)
{
    /// <summary>Reads a request; throws <see cref="RequestBodyException"/> naming the field at fault.</summary>
    public static ChatCompletionRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException("the request body must be a JSON object", (string?)null);
        }

        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? JsonStrings.Read(m, "model") : "alignlab";
        if (!root.TryGetProperty("messages", out var msgs) || msgs.ValueKind != JsonValueKind.Array || msgs.GetArrayLength() == 0)
        {
            throw new RequestBodyException("'messages' must be a non-empty array", "messages");
        }

        if (root.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && n.GetInt32() != 1)
        {
            throw new RequestBodyException("only n = 1 is supported", "n");
        }

        var messages = new List<ChatMessage>();
        var index = 0;
        foreach (var msg in msgs.EnumerateArray())
        {
            messages.Add(ReadMessage(msg, index++, messages));
        }

        var options = new ChatOptions { ModelId = null };
        ChatToolsReader.Read(root, options);
        if (TryNumber(root, "temperature", out var temperature))
        {
            options.Temperature = (float)temperature;
        }

        if (TryNumber(root, "top_p", out var topP))
        {
            options.TopP = (float)topP;
        }

        if (TryNumber(root, "max_completion_tokens", out var maxTokens) || TryNumber(root, "max_tokens", out maxTokens))
        {
            if (maxTokens < 1)
            {
                throw new RequestBodyException("max_tokens must be at least 1", "max_tokens");
            }

            options.MaxOutputTokens = (int)Math.Min(maxTokens, int.MaxValue);
        }

        if (TryNumber(root, "seed", out var seed))
        {
            options.Seed = (long)seed;
        }

        if (root.TryGetProperty("stop", out var stop))
        {
            options.StopSequences = stop.ValueKind switch
            {
                JsonValueKind.String => [JsonStrings.Read(stop, "stop")],
                JsonValueKind.Array => [.. stop.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => JsonStrings.Read(e, "stop"))],
                _ => null,
            };
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var user = root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String ? JsonStrings.Read(u, "user") : null;
        return new ChatCompletionRequest(model, messages, stream, includeUsage, options, user);
    }

    private static ChatMessage ReadMessage(JsonElement msg, int index, List<ChatMessage> earlier)
    {
        var param = $"messages[{index}]";
        if (msg.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException($"{param} must be an object", param);
        }

        var roleText = msg.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? JsonStrings.Read(r, param + ".role") : throw new RequestBodyException($"{param}.role is missing", param);
        var role = roleText switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => throw new RequestBodyException($"{param}.role '{roleText}' is not one of system, developer, user, assistant, tool", param),
        };
        var text = "";
        if (msg.TryGetProperty("content", out var content))
        {
            text = content.ValueKind switch
            {
                JsonValueKind.String => JsonStrings.Read(content, param + ".content"),
                JsonValueKind.Null => "",
                JsonValueKind.Array => string.Concat(content.EnumerateArray()
                    .Select(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                        ? t.ValueEquals("text") && part.TryGetProperty("text", out var pt) && pt.ValueKind == JsonValueKind.String
                            ? JsonStrings.Read(pt, param + ".content")
                            : throw new RequestBodyException($"{param}.content: only text parts are supported", param)
                        : throw new RequestBodyException($"{param}.content parts must be objects with a type", param))),
                _ => throw new RequestBodyException($"{param}.content must be a string or an array of parts", param),
            };
        }

        if (role == ChatRole.Tool)
        {
            // A tool result: the runtime checks it as untrusted content (prompt injection) before the model sees it.
            var callId = msg.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String ? JsonStrings.Read(id, param + ".tool_call_id") : "";
            if (callId.Length == 0)
            {
                throw new RequestBodyException($"{param}.tool_call_id must name the call this message answers", param + ".tool_call_id");
            }

            if (!earlier.Any(m => m.Role == ChatRole.Assistant && m.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == callId)))
            {
                throw new RequestBodyException($"{param}.tool_call_id '{callId}' does not match a tool call of an earlier assistant message", param + ".tool_call_id");
            }

            return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text)]);
        }

        if (role == ChatRole.Assistant && msg.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind != JsonValueKind.Null)
        {
            List<AIContent> contents = text.Length > 0 ? [new TextContent(text)] : [];
            contents.AddRange(ChatToolsReader.ReadCalls(toolCalls, param + ".tool_calls"));
            return new ChatMessage(ChatRole.Assistant, contents);
        }

        return new ChatMessage(role, text);
    }

    private static bool TryNumber(JsonElement root, string name, out double value)
    {
        value = 0;
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out value) || !double.IsFinite(value))
        {
            throw new RequestBodyException($"'{name}' must be a number", name);
        }

        return true;
    }
}
