using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// HatemojiCheck (CC BY 4.0; <c>hatemoji/hatemojicheck_test.csv</c>): 3,930 functional tests of hate expressed with emoji,
/// <c>label_gold</c> 1 → unsafe (hate), 0 → benign. A diagnostic suite: evaluation only. Cases of one template share a group.
/// </summary>
public sealed class HatemojiCheckSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "hatemoji-check";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "hatemoji", "hatemojicheck_test.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var text = row["text"].Trim();
            var group = "templ:" + row["templ_id"];
            var id = row["case_id"];
            yield return row["label_gold"].Trim() == "1"
                ? LabeledText.Harmful(text, Name, id, HarmCategory.Hate) with { Group = group }
                : LabeledText.Benign(text, Name, id) with { Group = group };
        }
    }
}
