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
    /// <summary>The most output tokens a request may ask for (<c>max_tokens</c>, <c>max_completion_tokens</c>): 2^20, above any model's.</summary>
    public const int MaxOutputTokens = 1 << 20;

    /// <summary>The most stop sequences a request may give (OpenAI's limit).</summary>
    public const int MaxStopSequences = 4;

    /// <summary>
    /// Reads a request; throws <see cref="RequestBodyException"/> naming the field at fault. Every field the gateway
    /// reads is checked for its type and range (absent and <c>null</c> mean not set); fields it does not know are ignored.
    /// </summary>
    public static ChatCompletionRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException("the request body must be a JSON object", (string?)null);
        }

        JsonStrings.RequireValidText(root);
        var model = RequestFields.String(root, "model") ?? "alignlab";
        if (!root.TryGetProperty("messages", out var msgs) || msgs.ValueKind != JsonValueKind.Array || msgs.GetArrayLength() == 0)
        {
            throw new RequestBodyException("'messages' must be a non-empty array", "messages");
        }

        if (RequestFields.TryGet(root, "n", out var n) && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt64(out var count) && count == 1))
        {
            throw new RequestBodyException($"only n = 1 is supported (got {RequestFields.Describe(n)})", "n");
        }

        var messages = new List<ChatMessage>();
        var index = 0;
        foreach (var msg in msgs.EnumerateArray())
        {
            messages.Add(ReadMessage(msg, index++, messages));
        }

        var options = new ChatOptions { ModelId = null };
        ChatToolsReader.Read(root, options);
        options.Temperature = (float?)RequestFields.Number(root, "temperature", 0, 2);
        options.TopP = (float?)RequestFields.Number(root, "top_p", 0, 1);
        options.PresencePenalty = (float?)RequestFields.Number(root, "presence_penalty", -2, 2);
        options.FrequencyPenalty = (float?)RequestFields.Number(root, "frequency_penalty", -2, 2);
        var maxCompletionTokens = RequestFields.Integer(root, "max_completion_tokens", 1, MaxOutputTokens);
        var maxTokens = RequestFields.Integer(root, "max_tokens", 1, MaxOutputTokens);
        options.MaxOutputTokens = (int?)(maxCompletionTokens ?? maxTokens);
        options.Seed = RequestFields.Integer(root, "seed", long.MinValue, long.MaxValue);
        options.StopSequences = ReadStop(root);
        var stream = RequestFields.Boolean(root, "stream") ?? false;
        var includeUsage = RequestFields.Object(root, "stream_options") is { } so
            && (RequestFields.Boolean(so, "include_usage", "stream_options.include_usage") ?? false);
        var user = RequestFields.String(root, "user");
        return new ChatCompletionRequest(model, messages, stream, includeUsage, options, user);
    }

    /// <summary><c>stop</c>: a string or an array of at most <see cref="MaxStopSequences"/> strings.</summary>
    private static List<string>? ReadStop(JsonElement root)
    {
        if (!RequestFields.TryGet(root, "stop", out var stop))
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [JsonStrings.Read(stop, "stop")];
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > MaxStopSequences)
        {
            throw new RequestBodyException($"'stop' must be a string or an array of at most {MaxStopSequences} strings", "stop");
        }

        var list = new List<string>();
        foreach (var item in stop.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? JsonStrings.Read(item, "stop")
                : throw new RequestBodyException(
                    $"'stop' must be a string or an array of at most {MaxStopSequences} strings, not an array holding {RequestFields.Kind(item)}",
                    "stop"));
        }

        return list.Count == 0 ? null : list;
    }

    private static ChatMessage ReadMessage(JsonElement msg, int index, List<ChatMessage> earlier)
    {
        var param = $"messages[{index}]";
        if (msg.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException($"{param} must be an object", param);
        }

        var roleText = RequestFields.String(msg, "role", param + ".role")
            ?? throw new RequestBodyException($"{param}.role is missing", param + ".role");
        var role = roleText switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => throw new RequestBodyException($"{param}.role '{roleText}' is not one of system, developer, user, assistant, tool", param + ".role"),
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
                            : throw new RequestBodyException($"{param}.content: only text parts are supported", param + ".content")
                        : throw new RequestBodyException($"{param}.content parts must be objects with a type", param + ".content"))),
                _ => throw new RequestBodyException($"{param}.content must be a string or an array of parts", param + ".content"),
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
}
