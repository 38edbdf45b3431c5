using System.Globalization;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Evaluation only: trained on, it lowered the random-split test ROC-AUC and every fold's recall (docs/CLASSIFIER.md, "Round-3 sources");
/// the out-of-distribution report scores it as a left-out source.
/// HatemojiBuild (CC BY 4.0; <c>hatemoji/hatemojibuild_{train,validation,test}.csv</c>): adversarial emoji-based hate
/// collected with humans and models in the loop, <c>label_gold</c> 1 → unsafe (hate), 0 → benign. An original and its
/// minimally edited perturbation (<c>matched_id</c>) share a group, so a pair never straddles splits. The upstream test
/// file goes to the test split; the train and validation files to train/validation.
/// </summary>
public sealed class HatemojiBuildSource : ISplitRoutedSource
{
    /// <inheritdoc/>
    public string Name => "hatemoji-build";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        foreach (var split in new[] { "train", "validation", "test" })
        {
            var path = DataFiles.Require(dirs.Shared, Name, "hatemoji", $"hatemojibuild_{split}.csv");
            foreach (var row in CsvReader.ReadFile(path))
            {
                var id = row["entry_id"];
                var group = "pair:" + Pair(id, row["matched_id"]);
                var text = row["text"].Trim();
                var labeled = row["label_gold"].Trim() == "1"
                    ? LabeledText.Harmful(text, Name, id, HarmCategory.Hate)
                    : LabeledText.Benign(text, Name, id);
                yield return labeled with { Group = group, FixedSplit = split == "test" ? DataSplit.Test : null };
            }
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    private static string Pair(string id, string matched)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !long.TryParse(matched, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
        {
            return id;
        }

        return Math.Min(a, b).ToString(CultureInfo.InvariantCulture);
    }
}
