using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Surge AI toxicity (MIT; <c>surge-ai/toxicity_en.csv</c>): 1,000 social-media comments, half toxic. <c>Toxic</c> → unsafe
/// (hate when the hate keywords match, at category weight 0.5, otherwise category unknown); <c>Not Toxic</c> → benign. The
/// benign rows are often heated but civil, which makes them hard negatives for moderation-style text.
/// </summary>
public sealed class SurgeToxicitySource : IDatasetSource
{
    private static readonly HarmCategory[] HateOnly = [HarmCategory.Hate];

    /// <inheritdoc/>
    public string Name => "surge-toxicity";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "surge-ai", "toxicity_en.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var text = row["text"].Trim();
            var id = row.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (row["is_toxic"].Trim())
            {
                case "Toxic":
                    var categories = KeywordCategorizer.Match(text, HateOnly);
                    yield return categories.Count > 0
                        ? new LabeledText(text, true, categories, true, Name, id) { CategoryWeight = 0.5f }
                        : LabeledText.HarmfulUncategorised(text, Name, id);
                    break;
                case "Not Toxic":
                    yield return LabeledText.Benign(text, Name, id);
                    break;
                default:
                    break;
            }
        }
    }
}
