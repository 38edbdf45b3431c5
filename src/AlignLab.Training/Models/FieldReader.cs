using System.Text.Json;

namespace AlignLab.Training.Models;

/// <summary>Reads typed fields of a JSON object, collecting one error per wrong field (named with its path).</summary>
internal sealed class FieldReader(JsonElement element, string prefix = "", List<string>? errors = null)
{
    public List<string> Errors { get; } = errors ?? [];

    public string? String(string name)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Errors.Add($"{prefix}{name}: {value.GetRawText()} is not a string");
        return null;
    }

    public int? Int(string name, bool nullable = false)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        Errors.Add($"{prefix}{name}: {Short(value)} is not an integer{(nullable ? " or null" : string.Empty)}");
        return null;
    }

    public double? Double(string name)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        Errors.Add($"{prefix}{name}: {Short(value)} is not a number");
        return null;
    }

    public bool? Bool(string name)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Errors.Add($"{prefix}{name}: {Short(value)} is not true or false");
        return null;
    }

    public IReadOnlyList<int>? IntOrList(string name)
    {
        if (!Present(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var single))
        {
            return [single];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out _)))
        {
            return [.. value.EnumerateArray().Select(i => i.GetInt32())];
        }

        Errors.Add($"{prefix}{name}: {Short(value)} is not an integer or a list of integers");
        return null;
    }

    private bool Present(string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
    }
}
