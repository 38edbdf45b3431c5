using System.Text;
using System.Text.Json;

namespace AlignLab.Classification.Data;

/// <summary>File helpers for the dataset sources.</summary>
internal static class DataFiles
{
    /// <summary>The full path of a dataset file; throws a clear <see cref="FileNotFoundException"/> when it is missing.</summary>
    public static string Require(string directory, string source, params string[] parts)
    {
        var path = Path.Combine([directory, .. parts]);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"dataset '{source}': {path} not found (see ../shared/data/DATA.md for the expected layout)", path);
        }

        return path;
    }

    /// <summary>The non-blank lines of a JSON Lines file, parsed, with their 0-based line number among non-blank lines.</summary>
    public static IEnumerable<(int Index, JsonElement Value)> JsonLines(string path)
    {
        var index = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement value;
            try
            {
                using var doc = JsonDocument.Parse(line);
                value = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {index + 1} is not valid JSON: {ex.Message}", ex);
            }

            yield return (index++, value);
        }
    }

    /// <summary>A whole JSON file.</summary>
    public static JsonElement Json(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    /// <summary>A string property, or "" when it is absent or not a string.</summary>
    public static string Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
}
