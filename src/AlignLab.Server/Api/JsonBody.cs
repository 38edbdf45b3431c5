using System.Text.Json;
using AlignLab.Server.OpenAi;

namespace AlignLab.Server.Api;

/// <summary>Typed reads of optional fields of a JSON request body, with errors naming the field.</summary>
internal static class JsonBody
{
    public static string RequiredString(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestBodyException("the request body must be a JSON object", (string?)null);
        }

        return root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? JsonStrings.Read(e, name)
            : throw new RequestBodyException($"'{name}' (a string) is required", name);
    }

    public static string? OptionalString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var e)
            ? e.ValueKind switch
            {
                JsonValueKind.String => JsonStrings.Read(e, name),
                JsonValueKind.Null => null,
                _ => throw new RequestBodyException($"'{name}' must be a string", name),
            }
            : null;

    public static int OptionalInt(JsonElement root, string name, int fallback, int min, int max)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) && v >= min && v <= max
            ? v
            : throw new RequestBodyException($"'{name}' must be an integer from {min} to {max}", name);
    }
}
