using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Evaluation only: trained on, it lowered the random-split test ROC-AUC and every fold's recall (docs/CLASSIFIER.md, "Round-3 sources");
/// the out-of-distribution report scores it as a left-out source.
/// Surge AI profanity lexicon (MIT; <c>surge-ai/profanity_en.csv</c>). A word list, not sentences: only the terms rated
/// <c>Severe</c> whose first category is a racial, ethnic, sexual-orientation or gender slur are loaded, as short unsafe
/// texts of category hate at weight 0.5 (a message that is only a slur is abuse). Mild and strong profanity and sexual
/// vocabulary are left out: on their own they are not harmful. A lexicon source: reported by the out-of-distribution
/// report but not counted in its macro figures (<see cref="DatasetSources.OutsideMacro"/>).
/// </summary>
public sealed class SurgeProfanitySource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "surge-profanity";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "surge-ai", "profanity_en.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var category = row["category_1"].Trim();
            if (row["severity_description"].Trim() != "Severe"
                || category is not ("racial / ethnic slurs" or "sexual orientation / gender"))
            {
                continue;
            }

            var id = row.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return LabeledText.Harmful(row["text"].Trim(), Name, id, HarmCategory.Hate) with { Weight = 0.5f, CategoryWeight = 0.5f };
        }
    }
}
