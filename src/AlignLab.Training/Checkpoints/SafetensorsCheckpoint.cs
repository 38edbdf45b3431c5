using TorchSharp;

namespace AlignLab.Training.Checkpoints;

/// <summary>
/// The weights of a Hugging Face checkpoint folder: one <c>model.safetensors</c>, or shards
/// <c>model-00001-of-00003.safetensors</c> … named by <c>model.safetensors.index.json</c>.
/// </summary>
public static class SafetensorsCheckpoint
{
    /// <summary>The single-file weights' name.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>The shard size transformers uses by default (5 GB).</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>Reads every tensor of the checkpoint in <paramref name="directory"/> onto <paramref name="device"/>.</summary>
    /// <returns>The tensors by name (the caller owns them), or errors naming the file and tensor.</returns>
    public static CheckpointResult<Dictionary<string, torch.Tensor>> Load(string directory, torch.Device? device = null)
    {
        var single = Path.Combine(directory, SingleFileName);
        if (File.Exists(single))
        {
            return SafetensorsFile.Read(single, device);
        }

        var indexPath = Path.Combine(directory, SafetensorsIndex.FileName);
        if (!File.Exists(indexPath))
        {
            return CheckpointResult<Dictionary<string, torch.Tensor>>.Fail(
                $"{directory}: neither {SingleFileName} nor {SafetensorsIndex.FileName} is there");
        }

        var index = SafetensorsIndex.Read(indexPath);
        if (index.Value is null)
        {
            return CheckpointResult<Dictionary<string, torch.Tensor>>.Fail(index.Errors);
        }

        var errors = new List<string>();
        var headers = new Dictionary<string, SafetensorsHeader>(StringComparer.Ordinal);
        foreach (var shard in index.Value.WeightMap.Select(p => p.Value).Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, shard);
            var header = File.Exists(path)
                ? SafetensorsHeaderReader.ReadFile(path)
                : CheckpointResult<SafetensorsHeader>.Fail($"{shard}: the shard is missing");
            if (header.Value is null)
            {
                errors.AddRange(header.Errors);
            }
            else
            {
                headers[shard] = header.Value;
            }
        }

        foreach (var (tensor, shard) in index.Value.WeightMap)
        {
            if (headers.TryGetValue(shard, out var header) && header.Find(tensor) is null)
            {
                errors.Add($"{SafetensorsIndex.FileName}: tensor '{tensor}' is mapped to {shard}, which does not hold it");
            }
        }

        if (errors.Count > 0)
        {
            return CheckpointResult<Dictionary<string, torch.Tensor>>.Fail(errors);
        }

        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var group in index.Value.WeightMap.GroupBy(p => p.Value, StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(directory, group.Key));
            var header = headers[group.Key];
            foreach (var (tensor, _) in group)
            {
                tensors[tensor] = SafetensorsFile.ReadTensor(stream, header.DataOffset, header.Find(tensor)!, device);
            }
        }

        return CheckpointResult<Dictionary<string, torch.Tensor>>.Ok(tensors);
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> into <paramref name="directory"/>: one <c>model.safetensors</c> when they fit in
    /// <paramref name="maxShardBytes"/>, otherwise shards filled greedily in the given order (a tensor larger than the limit
    /// gets a shard of its own) plus the index. Stale weight files of an earlier save are removed.
    /// </summary>
    public static void Save(string directory, IReadOnlyList<KeyValuePair<string, torch.Tensor>> tensors, long maxShardBytes = DefaultMaxShardBytes)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.GetFiles(directory, "model*.safetensors").Append(Path.Combine(directory, SafetensorsIndex.FileName)))
        {
            File.Delete(stale);
        }

        var shards = new List<List<KeyValuePair<string, torch.Tensor>>>();
        long current = 0, total = 0;
        foreach (var pair in tensors)
        {
            var bytes = pair.Value.numel() * pair.Value.ElementSize;
            total += bytes;
            if (shards.Count == 0 || (current + bytes > maxShardBytes && current > 0))
            {
                shards.Add([]);
                current = 0;
            }

            shards[^1].Add(pair);
            current += bytes;
        }

        if (shards.Count <= 1)
        {
            SafetensorsFile.Write(Path.Combine(directory, SingleFileName), tensors);
            return;
        }

        var map = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < shards.Count; i++)
        {
            var name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafetensorsFile.Write(Path.Combine(directory, name), shards[i]);
            map.AddRange(shards[i].Select(p => new KeyValuePair<string, string>(p.Key, name)));
        }

        new SafetensorsIndex(total, map).Write(Path.Combine(directory, SafetensorsIndex.FileName));
    }
}
