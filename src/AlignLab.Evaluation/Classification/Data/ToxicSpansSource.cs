using System.Globalization;

namespace AlignLab.Classification.Data;

/// <summary>
/// Evaluation only: trained on, it lowered the random-split test ROC-AUC and every fold's recall (docs/CLASSIFIER.md, "Round-3 sources");
/// the out-of-distribution report scores it as a left-out source.
/// SemEval-2021 Toxic Spans (CC0 1.0; <c>toxic-spans/tsd_{trial,train,test}.csv</c>): news-site comments that Civil Comments
/// rated toxic, with character offsets of the toxic words. Every row is unsafe with the category unknown. Rows whose
/// annotators marked a span come first, then the rest, each in a seeded order; the trial and train files are capped at
/// <c>trainCap</c> for train/validation, the upstream test file at <c>testCap</c> for the test split (the posts are long and
/// numerous: uncapped they would outweigh every other unsafe source).
/// </summary>
public sealed class ToxicSpansSource : ISplitRoutedSource
{
    private readonly int _trainCap;
    private readonly int _testCap;
    private readonly int _seed;

    /// <summary>Creates the source with its caps.</summary>
    public ToxicSpansSource(int trainCap = 1500, int testCap = 300, int seed = 1234)
    {
        _trainCap = trainCap;
        _testCap = testCap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "toxic-spans";

    /// <inheritdoc/>
    public string Licence => "CC0 1.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var pool = new List<(string Id, string Text, bool Spans)>();
        foreach (var file in new[] { "tsd_trial", "tsd_train" })
        {
            pool.AddRange(Read(DataFiles.Require(dirs.Shared, Name, "toxic-spans", file + ".csv"), file));
        }

        var test = Read(DataFiles.Require(dirs.Shared, Name, "toxic-spans", "tsd_test.csv"), "tsd_test").ToList();
        foreach (var r in Cap(pool, _trainCap))
        {
            yield return LabeledText.HarmfulUncategorised(r.Text, Name, r.Id);
        }

        foreach (var r in Cap(test, _testCap))
        {
            yield return LabeledText.HarmfulUncategorised(r.Text, Name, r.Id) with { FixedSplit = DataSplit.Test };
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    private static IEnumerable<(string Id, string Text, bool Spans)> Read(string path, string file) =>
        CsvReader.ReadFile(path).Select(row => (file + "/" + row.Index.ToString(CultureInfo.InvariantCulture), row["text"].Trim(), row["spans"].Trim() != "[]"));

    private IEnumerable<(string Id, string Text, bool Spans)> Cap(List<(string Id, string Text, bool Spans)> rows, int cap) =>
        rows.OrderByDescending(r => r.Spans).ThenBy(r => SeededHash.Of(_seed, "toxic-spans", r.Id)).ThenBy(r => r.Id, StringComparer.Ordinal).Take(cap);
}
