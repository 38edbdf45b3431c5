using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// TOXIGEN seed sentences (MIT + CDLA-Permissive-2.0; the CDLA leaves trained models unrestricted): 425 hate rows
/// (371 distinct sentences) → <c>hate</c> and 297 neutral rows → benign hard negatives. The same sentence can appear
/// under two target groups, so <see cref="LabeledText.Group"/> is the sentence: it never straddles splits.
/// The <c>prompts/*_1k.txt</c> files only resample these sentences and are not used.
/// </summary>
public sealed class ToxigenSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "toxigen";

    /// <inheritdoc/>
    public string Licence => "MIT + CDLA-Permissive-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "toxigen", "toxigen_prompt_sentences.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var text = row["text"];
            var id = $"{row["label"]}/{row["target_group"]}/{row.Index}";
            var labeled = row["label"] switch
            {
                "hate" => LabeledText.Harmful(text, Name, id, HarmCategory.Hate),
                "neutral" => LabeledText.Benign(text, Name, id),
                var other => throw new InvalidDataException($"{path}: row {row.Index} has an unknown label '{other}'"),
            };
            yield return labeled with { Group = "sentence:" + TextKey.Of(text) };
        }
    }
}
