using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// Reads the tool-calling parts of an OpenAI chat completion request: <c>tools</c>, <c>tool_choice</c> and
/// <c>parallel_tool_calls</c> into <see cref="ChatOptions"/> (as declaration-only functions: the gateway never runs
/// a tool, it passes the declarations to the upstream model and the calls back to the client), and the
/// <c>tool_calls</c> of assistant messages into <see cref="FunctionCallContent"/>. Faults throw
/// <see cref="RequestBodyException"/> naming the field.
/// </summary>
public static class ChatToolsReader
{
    /// <summary>The most tools one request may declare (OpenAI's own limit).</summary>
    public const int MaxTools = 128;

    /// <summary>The longest function name OpenAI accepts.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The schema of a function declared without <c>parameters</c>.</summary>
    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    /// <summary>Reads <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c> from <paramref name="root"/> into <paramref name="options"/>.</summary>
    public static void Read(JsonElement root, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new List<string>();
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                throw new RequestBodyException("'tools' must be an array of function tools", "tools");
            }

            if (tools.GetArrayLength() > MaxTools)
            {
                throw new RequestBodyException($"'tools' has {tools.GetArrayLength()} entries; at most {MaxTools} are allowed", "tools");
            }

            var declared = new List<AITool>();
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var function = ReadTool(tool, $"tools[{index}]");
                if (names.Contains(function.Name, StringComparer.Ordinal))
                {
                    throw new RequestBodyException($"tools[{index}].function.name '{function.Name}' is declared twice", $"tools[{index}].function.name");
                }

                names.Add(function.Name);
                declared.Add(function);
                index++;
            }

            if (declared.Count > 0)
            {
                options.Tools = declared;
            }
        }

        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            options.ToolMode = ReadToolChoice(choice, names);
        }

        if (root.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind != JsonValueKind.Null)
        {
            options.AllowMultipleToolCalls = parallel.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new RequestBodyException("'parallel_tool_calls' must be true or false", "parallel_tool_calls"),
            };
        }
    }

    /// <summary>Reads the <c>tool_calls</c> array of an assistant message (<paramref name="param"/> names it in errors).</summary>
    public static IReadOnlyList<FunctionCallContent> ReadCalls(JsonElement toolCalls, string param)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            throw new RequestBodyException($"{param} must be an array", param);
        }

        var calls = new List<FunctionCallContent>();
        var index = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            var at = $"{param}[{index++}]";
            if (call.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"{at} must be an object", at);
            }

            if (call.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.ValueEquals("function")))
            {
                throw new RequestBodyException($"{at}.type must be \"function\"", at + ".type");
            }

            var id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? JsonStrings.Read(i, at + ".id") : "";
            if (id.Length == 0)
            {
                throw new RequestBodyException($"{at}.id must be a non-empty string", at + ".id");
            }

            if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"{at}.function must be an object with a name and arguments", at + ".function");
            }

            var name = ReadName(function, at + ".function.name");
            calls.Add(new FunctionCallContent(id, name, ReadArguments(function, at + ".function.arguments")));
        }

        return calls;
    }

    private static AIFunctionDeclaration ReadTool(JsonElement tool, string param)
    {
        if (tool.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException($"{param} must be an object", param);
        }

        if (!tool.TryGetProperty("type", out var type) || !(type.ValueKind == JsonValueKind.String && type.ValueEquals("function")))
        {
            throw new RequestBodyException($"{param}.type must be \"function\" (the only tool type the gateway passes through)", param + ".type");
        }

        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException($"{param}.function must be an object with a name", param + ".function");
        }

        var name = ReadName(function, param + ".function.name");
        string? description = null;
        if (function.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            description = d.ValueKind == JsonValueKind.String
                ? JsonStrings.Read(d, param + ".function.description")
                : throw new RequestBodyException($"{param}.function.description must be a string", param + ".function.description");
        }

        JsonElement schema;
        if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            var at = param + ".function.parameters";
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"{at} must be a JSON Schema object", at);
            }

            if (parameters.TryGetProperty("type", out var schemaType) && !(schemaType.ValueKind == JsonValueKind.String && schemaType.ValueEquals("object")))
            {
                throw new RequestBodyException($"{at}.type must be \"object\" (function parameters are a JSON object)", at);
            }

            if (parameters.TryGetProperty("properties", out var properties) && properties.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"{at}.properties must be an object", at);
            }

            schema = parameters.Clone();
        }
        else
        {
            schema = EmptySchema.Clone();
        }

        return AIFunctionFactory.CreateDeclaration(name, description, schema);
    }

    private static ChatToolMode ReadToolChoice(JsonElement choice, List<string> names)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            var mode = JsonStrings.Read(choice, "tool_choice") switch
            {
                "auto" => (ChatToolMode)ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "required" => ChatToolMode.RequireAny,
                var other => throw new RequestBodyException($"'tool_choice' '{other}' is not one of auto, none, required, or a function object", "tool_choice"),
            };
            if (mode == ChatToolMode.RequireAny && names.Count == 0)
            {
                throw new RequestBodyException("'tool_choice' \"required\" needs at least one entry in 'tools'", "tool_choice");
            }

            return mode;
        }

        if (choice.ValueKind != JsonValueKind.Object
            || !choice.TryGetProperty("type", out var type) || !(type.ValueKind == JsonValueKind.String && type.ValueEquals("function"))
            || !choice.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException("'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}", "tool_choice");
        }

        var name = ReadName(function, "tool_choice.function.name");
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            throw new RequestBodyException($"'tool_choice' names the function '{name}', which is not declared in 'tools'", "tool_choice");
        }

        return ChatToolMode.RequireSpecific(name);
    }

    private static string ReadName(JsonElement function, string param)
    {
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? JsonStrings.Read(n, param) : "";
        if (name.Length == 0 || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new RequestBodyException($"{param} must be 1 to {MaxNameLength} characters of a-z, A-Z, 0-9, underscores and dashes", param);
        }

        return name;
    }

    /// <summary>Arguments are a JSON object in a string (as the model wrote them); an empty string means no arguments.</summary>
    private static Dictionary<string, object?> ReadArguments(JsonElement function, string param)
    {
        if (!function.TryGetProperty("arguments", out var a) || a.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var text = a.ValueKind == JsonValueKind.String
            ? JsonStrings.Read(a, param)
            : throw new RequestBodyException($"{param} must be a string holding a JSON object", param);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException($"{param} must hold a JSON object", param);
            }

            JsonStrings.RequireValidText(doc.RootElement, param);

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }

            return arguments;
        }
        catch (JsonException ex)
        {
            throw new RequestBodyException($"{param} is not valid JSON: {ex.Message}", param);
        }
    }
}
