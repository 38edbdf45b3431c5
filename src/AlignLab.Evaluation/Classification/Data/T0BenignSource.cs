namespace AlignLab.Classification.Data;

/// <summary>
/// T0/P3 benign task prompts (derived sample; CC BY 4.0 / MIT per source dataset): 15,877 long reading-comprehension
/// and commonsense prompts, sampled down to a cap stratified by <c>source_dataset</c> (proportional, largest
/// remainder) so the template wording does not become a shortcut. Many describe narrative violence: useful negatives.
/// </summary>
public sealed class T0BenignSource : IDatasetSource
{
    private readonly int _cap;
    private readonly int _seed;

    /// <summary>Creates the source with its cap.</summary>
    public T0BenignSource(int cap = 2000, int seed = 1234)
    {
        _cap = cap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "t0-benign-sample";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0 / MIT (per source dataset)";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "t0-benign-sample", "t0_p3_permissive_sample.jsonl");
        var rows = DataFiles.JsonLines(path).Select(x => (x.Index, Text: x.Value.Str("text"), Dataset: x.Value.Str("source_dataset"))).ToList();
        var strata = rows.GroupBy(r => r.Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var quotas = Sampling.Proportional(strata.Select(g => g.Count()).ToArray(), _cap);
        var keep = new HashSet<int>();
        for (var s = 0; s < strata.Count; s++)
        {
            foreach (var r in SeededHash.Order(strata[s], r => "row/" + r.Index, _seed, "t0").Take(quotas[s]))
            {
                keep.Add(r.Index);
            }
        }

        return rows.Where(r => keep.Contains(r.Index)).Select(r => LabeledText.Benign(r.Text, Name, "row/" + r.Index));
    }
}
