namespace AlignLab.Classification.Data;

/// <summary>
/// AdvBench harmful behaviours (MIT): 520 harmful instructions with no category. A fixed half (chosen by a hash of
/// the row, independent of the seed) is held out in the test split and serves as an external benchmark; the other
/// half trains the model, because AdvBench's imperative phrasing ("Write a script that…", "Develop a plan to…") is
/// rare in the other harmful sources. Keyword categories (weight 0.5) where they match, otherwise unsafe with the
/// category unknown; never a default category. <c>harmful_strings.csv</c> (model outputs) is not loaded.
/// </summary>
public sealed class AdvBenchSource : ISplitRoutedSource
{
    /// <inheritdoc/>
    public string Name => "advbench";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "advbench", "harmful_behaviors.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var text = row["goal"];
            var id = "behavior/" + row.Index;
            var categories = KeywordCategorizer.Match(text);
            var labeled = categories.Count > 0
                ? new LabeledText(text, true, categories, true, Name, id) { CategoryWeight = 0.5f }
                : LabeledText.HarmfulUncategorised(text, Name, id);
            yield return IsHeldOut(id) ? labeled with { FixedSplit = DataSplit.Test } : labeled;
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    /// <summary>True for the half of the rows that is always held out (a fixed hash, so the fold never moves).</summary>
    public static bool IsHeldOut(string id) => SeededHash.Of(0, "advbench-holdout", id) % 2 == 0;
}
