using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AlignLab.IO;

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

    /// <summary>
    /// The non-blank lines of a JSON Lines file, parsed, each with its 0-based index among non-blank lines; a line
    /// that is not JSON throws <see cref="InvalidDataException"/> naming the file and its line as an editor counts it.
    /// </summary>
    public static IEnumerable<(int Index, JsonElement Value)> JsonLines(string path)
    {
        using var reader = OpenText(path);
        foreach (var entry in JsonLinesReader.Read(reader))
        {
            if (entry.Error is not null)
            {
                throw new InvalidDataException($"{path}: line {entry.Line} is not valid JSON: {entry.Error}");
            }

            yield return ((int)entry.Index, entry.Value.Clone());
        }
    }

    /// <summary>A UTF-8 text file (a byte-order mark is skipped), decompressed when its name ends in <c>.gz</c>.</summary>
    public static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
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
