using System.Text;
using System.Text.Json;

namespace AlignLab.Testing.ModelServer;

/// <summary>Reads the parts of a chat request body that tests assert on.</summary>
internal static class RequestParser
{
    public static ScriptedRequest Parse(ScriptedProtocol protocol, string method, string path, string body, string? authorization, string? apiKey)
    {
        var request = new ScriptedRequest
        {
            Protocol = protocol,
            Method = method,
            Path = path,
            Body = body,
            Authorization = authorization,
            ApiKeyHeader = apiKey,
        };
        if (protocol == ScriptedProtocol.Other || body.Length == 0)
        {
            return request;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var messages = new List<ScriptedMessage>();
            if (protocol == ScriptedProtocol.Anthropic && root.TryGetProperty("system", out var system))
            {
                messages.Add(new ScriptedMessage("system", TextOf(system)));
            }

            if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in list.EnumerateArray())
                {
                    var role = m.TryGetProperty("role", out var r) ? r.GetString() ?? "" : "";
                    var text = m.TryGetProperty("content", out var c) ? TextOf(c) : "";
                    messages.Add(new ScriptedMessage(role, text)
                    {
                        ToolCallId = m.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                        ToolCalls = ToolCallsOf(m),
                    });
                }
            }

            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? s.GetBoolean()
                : protocol == ScriptedProtocol.Ollama;
            double? temperature = null;
            int? maxTokens = null;
            if (protocol == ScriptedProtocol.Ollama)
            {
                if (root.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object)
                {
                    temperature = Number(options, "temperature");
                    maxTokens = (int?)Number(options, "num_predict");
                }
            }
            else
            {
                temperature = Number(root, "temperature");
                maxTokens = (int?)(Number(root, "max_completion_tokens") ?? Number(root, "max_tokens"));
            }

            return request with
            {
                Model = root.TryGetProperty("model", out var model) ? model.GetString() : null,
                Stream = stream,
                Messages = messages,
                Temperature = temperature,
                MaxTokens = maxTokens,
                ToolNames = ToolNamesOf(root),
                ToolChoice = root.TryGetProperty("tool_choice", out var choice) ? choice.GetRawText() : null,
            };
        }
        catch (JsonException)
        {
            return request;
        }
    }

    private static List<ScriptedToolCall> ToolCallsOf(JsonElement message)
    {
        var calls = new List<ScriptedToolCall>();
        if (!message.TryGetProperty("tool_calls", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return calls;
        }

        foreach (var call in list.EnumerateArray())
        {
            if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object)
            {
                calls.Add(new ScriptedToolCall(
                    call.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
                    f.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                    f.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String ? args.GetString() ?? "" : ""));
            }
        }

        return calls;
    }

    private static List<string> ToolNamesOf(JsonElement root)
    {
        var names = new List<string>();
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object
                    && f.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    names.Add(name.GetString() ?? "");
                }
            }
        }

        return names;
    }

    private static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var sb = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                sb.Append(part.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                sb.Append(t.GetString());
            }
        }

        return sb.ToString();
    }
}
