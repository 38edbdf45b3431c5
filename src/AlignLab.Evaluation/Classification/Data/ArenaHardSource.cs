namespace AlignLab.Classification.Data;

/// <summary>
/// Arena-Hard v0.1 and v2.0 prompts (Apache-2.0): real, often long user prompts, benign (a few are dual-use
/// security questions), sampled to a cap. Set the cap to 0 when AlignLab reports Arena-Hard as a benchmark.
/// MT-Bench and Vicuna-bench (capability benchmarks) are never loaded.
/// </summary>
public sealed class ArenaHardSource : IDatasetSource
{
    private readonly int _cap;
    private readonly int _seed;

    /// <summary>Creates the source with its cap.</summary>
    public ArenaHardSource(int cap = 500, int seed = 1234)
    {
        _cap = cap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "arena-hard";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var rows = new List<(int Order, string Id, string Text)>();
        foreach (var (file, version) in new[] { ("arena-hard-v0.1_question.jsonl", "v0.1"), ("arena-hard-v2.0_question.jsonl", "v2.0") })
        {
            var path = DataFiles.Require(dirs.Shared, Name, "benign-chat", file);
            foreach (var (i, e) in DataFiles.JsonLines(path))
            {
                var uid = e.Str("uid");
                rows.Add((rows.Count, $"{version}/{(uid.Length > 0 ? uid : i)}", e.Str("prompt")));
            }
        }

        return SeededHash.Order(rows, r => r.Id, _seed, "arena-hard").Take(_cap).OrderBy(r => r.Order)
            .Select(r => LabeledText.Benign(r.Text, Name, r.Id));
    }
}
