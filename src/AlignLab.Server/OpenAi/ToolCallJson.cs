using System.Text.Json;
using AlignLab.IO;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.OpenAi;

/// <summary>Writes the model's function calls in the OpenAI wire format: <c>message.tool_calls</c>, or <c>delta.tool_calls</c> when streaming.</summary>
public static class ToolCallJson
{
    /// <summary>The function calls among <paramref name="contents"/>, in order.</summary>
    public static List<FunctionCallContent> CallsIn(IEnumerable<AIContent> contents) => [.. contents.OfType<FunctionCallContent>()];

    /// <summary>The call's arguments as the compact JSON object text OpenAI sends (<c>{}</c> when there are none).</summary>
    public static string Arguments(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Arguments is null
            ? "{}"
            : JsonText.Write(JsonText.Compact, w => JsonSerializer.Serialize(w, call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
    }

    /// <summary>Writes <c>"tool_calls": [{id, type, function: {name, arguments}}]</c> inside an open message object.</summary>
    public static void WriteMessageCalls(Utf8JsonWriter w, IReadOnlyList<FunctionCallContent> calls)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(calls);
        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.CallId);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", call.Name);
            w.WriteString("arguments", Arguments(call));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Writes one streamed <c>delta</c> for call <paramref name="index"/>: with <paramref name="call"/> it is the first
    /// chunk (index, id, type, function name, empty arguments); without, a chunk carrying an arguments fragment.
    /// </summary>
    public static void WriteDelta(Utf8JsonWriter w, int index, FunctionCallContent? call, string arguments)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("delta");
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (call is not null)
        {
            w.WriteString("id", call.CallId);
            w.WriteString("type", "function");
        }

        w.WriteStartObject("function");
        if (call is not null)
        {
            w.WriteString("name", call.Name);
        }

        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
