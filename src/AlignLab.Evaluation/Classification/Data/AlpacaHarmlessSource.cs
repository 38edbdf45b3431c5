namespace AlignLab.Classification.Data;

/// <summary>
/// Alpaca "harmless" instructions (CC BY-NC 4.0, non-commercial): benign, development comparisons only. The corpus
/// builder loads it only with <see cref="CorpusOptions.IncludeDevelopmentOnly"/>; it must never train the shipped model.
/// </summary>
public sealed class AlpacaHarmlessSource : IDatasetSource
{
    private readonly int _cap;
    private readonly int _seed;

    /// <summary>Creates the source with its cap.</summary>
    public AlpacaHarmlessSource(int cap = 3000, int seed = 1234)
    {
        _cap = cap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "alpaca-harmless";

    /// <inheritdoc/>
    public string Licence => "CC BY-NC 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.DevelopmentOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var rows = new List<(int Order, string Id, string Text)>();
        foreach (var split in new[] { "train", "val", "test" })
        {
            var path = DataFiles.Require(dirs.Shared, Name, "alpaca-harmless", $"harmless_{split}.json");
            var i = 0;
            foreach (var e in DataFiles.Json(path).EnumerateArray())
            {
                rows.Add((rows.Count, $"{split}/{i++}", e.Str("instruction")));
            }
        }

        return SeededHash.Order(rows, r => r.Id, _seed, "alpaca").Take(_cap).OrderBy(r => r.Order)
            .Select(r => LabeledText.Benign(r.Text, Name, r.Id));
    }
}
