using System.Globalization;
using System.Text.Json;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// Typed reads of the optional fields of an OpenAI request body. A field that is absent or <c>null</c> is not set; one
/// of the wrong type or out of range throws <see cref="RequestBodyException"/> naming it, so it becomes a 400 with
/// <c>param</c> set, never a 500 and never a silently ignored value.
/// </summary>
internal static class RequestFields
{
    /// <summary>The field <paramref name="name"/> of <paramref name="obj"/>, or false when it is absent or null.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A string field (<paramref name="param"/> names it in errors; by default its name).</summary>
    public static string? String(JsonElement obj, string name, string? param = null)
    {
        if (!TryGet(obj, name, out var e))
        {
            return null;
        }

        param ??= name;
        return e.ValueKind == JsonValueKind.String
            ? JsonStrings.Read(e, param)
            : throw new RequestBodyException($"'{param}' must be a string, not {Kind(e)}", param);
    }

    /// <summary>A boolean field.</summary>
    public static bool? Boolean(JsonElement obj, string name, string? param = null)
    {
        if (!TryGet(obj, name, out var e))
        {
            return null;
        }

        param ??= name;
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RequestBodyException($"'{param}' must be true or false, not {Kind(e)}", param),
        };
    }

    /// <summary>A number field within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static double? Number(JsonElement obj, string name, double min, double max)
    {
        if (!TryGet(obj, name, out var e))
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v) && v >= min && v <= max
            ? v
            : throw new RequestBodyException(
                string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a number from {min} to {max}, not {Describe(e)}"), name);
    }

    /// <summary>An integer field within [<paramref name="min"/>, <paramref name="max"/>] (a fraction such as 1.5 is refused).</summary>
    public static long? Integer(JsonElement obj, string name, long min, long max)
    {
        if (!TryGet(obj, name, out var e))
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) && v >= min && v <= max
            ? v
            : throw new RequestBodyException(
                string.Create(CultureInfo.InvariantCulture, $"'{name}' must be an integer from {min:N0} to {max:N0}, not {Describe(e)}"), name);
    }

    /// <summary>A JSON object field.</summary>
    public static JsonElement? Object(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var e))
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Object ? e : throw new RequestBodyException($"'{name}' must be an object, not {Kind(e)}", name);
    }

    /// <summary>What a value is, for messages: its kind, and for a number or short string also its text.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetRawText().Length <= 32 ? e.GetRawText() : "a number of " + e.GetRawText().Length + " digits",
        _ => Kind(e),
    };

    /// <summary>The JSON kind of a value, as a noun phrase.</summary>
    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
