namespace AlignLab.Classification.Data;

/// <summary>
/// GSM8K train questions (MIT), benign, capped (too many would teach "numbers mean safe"). The GSM8K test split is a
/// capability benchmark and is never loaded.
/// </summary>
public sealed class Gsm8kTrainSource : IDatasetSource
{
    private readonly int _cap;
    private readonly int _seed;

    /// <summary>Creates the source with its cap.</summary>
    public Gsm8kTrainSource(int cap = 500, int seed = 1234)
    {
        _cap = cap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "gsm8k";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "gsm8k", "train.jsonl");
        var rows = DataFiles.JsonLines(path).Select(x => (Id: "train/" + x.Index, x.Index, Text: x.Value.Str("question"))).ToList();
        return SeededHash.Order(rows, r => r.Id, _seed, "gsm8k").Take(_cap).OrderBy(r => r.Index)
            .Select(r => LabeledText.Benign(r.Text, Name, r.Id));
    }
}
