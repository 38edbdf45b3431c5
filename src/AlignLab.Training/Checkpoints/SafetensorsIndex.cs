using System.Text.Json;
using System.Text.Unicode;

namespace AlignLab.Training.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c> of a sharded checkpoint: <c>{"metadata": {"total_size": bytes}, "weight_map": {tensor: shard}}</c>.
/// </summary>
/// <param name="TotalSize">The sum of the tensors' byte lengths.</param>
/// <param name="WeightMap">Which shard file (a bare file name in the same folder) holds each tensor, in state-dict order.</param>
public sealed record SafetensorsIndex(long TotalSize, IReadOnlyList<KeyValuePair<string, string>> WeightMap)
{
    /// <summary>The index file's name in a checkpoint folder.</summary>
    public const string FileName = "model.safetensors.index.json";

    /// <summary>Reads and validates an index; shard names must be bare <c>.safetensors</c> file names (no folders, no "..").</summary>
    public static CheckpointResult<SafetensorsIndex> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!Utf8.IsValid(bytes))
        {
            // System.Text.Json parses it but throws InvalidOperationException when a bad name is decoded.
            return CheckpointResult<SafetensorsIndex>.Fail($"{FileName}: not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            return CheckpointResult<SafetensorsIndex>.Fail($"{FileName}: not valid JSON: {e.Message}");
        }
    }

    private static CheckpointResult<SafetensorsIndex> Read(JsonElement root)
    {
        var errors = new List<string>();
        long total = 0;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CheckpointResult<SafetensorsIndex>.Fail($"{FileName}: not a JSON object");
        }

        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
            metadata.TryGetProperty("total_size", out var size) &&
            !(size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out total) && total >= 0))
        {
            errors.Add($"{FileName}: metadata.total_size is not a non-negative integer");
        }

        var map = new List<KeyValuePair<string, string>>();
        if (!root.TryGetProperty("weight_map", out var weights) || weights.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{FileName}: weight_map is missing or not an object");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in weights.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : null;
                if (!seen.Add(entry.Name))
                {
                    errors.Add($"{FileName}: tensor '{entry.Name}' appears twice in weight_map");
                }
                else if (shard is null || !IsShardName(shard))
                {
                    errors.Add($"{FileName}: tensor '{entry.Name}' maps to {entry.Value.GetRawText()}, " +
                               "not a .safetensors file name in the same folder");
                }
                else
                {
                    map.Add(new(entry.Name, shard));
                }
            }
        }

        return errors.Count > 0
            ? CheckpointResult<SafetensorsIndex>.Fail(errors)
            : CheckpointResult<SafetensorsIndex>.Ok(new SafetensorsIndex(total, map));
    }

    /// <summary>Writes the index as transformers does (two-space indent).</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("metadata");
        writer.WriteNumber("total_size", TotalSize);
        writer.WriteEndObject();
        writer.WriteStartObject("weight_map");
        foreach (var (tensor, shard) in WeightMap)
        {
            writer.WriteString(tensor, shard);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static bool IsShardName(string name) =>
        name.EndsWith(".safetensors", StringComparison.Ordinal) && name.IndexOfAny(['/', '\\', '\0']) < 0 &&
        !name.StartsWith("..", StringComparison.Ordinal) && name.Length > ".safetensors".Length;
}
