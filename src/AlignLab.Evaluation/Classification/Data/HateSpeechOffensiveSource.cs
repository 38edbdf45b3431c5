using System.Globalization;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// Davidson et al. hate speech and offensive language (MIT; the tweet text must not be shipped). Class 0 →
/// <c>hate</c>, capped, keeping the rows with the highest share of annotators voting hate; class 2 ("neither") →
/// benign, capped the same way on the "neither" share; class 1 (offensive, not hateful) is excluded from both.
/// Every tweet is cleaned by <see cref="TweetCleaner"/>; a tweet left empty is skipped. Ties are broken by a seeded hash.
/// </summary>
public sealed class HateSpeechOffensiveSource : IDatasetSource
{
    private readonly int _hateCap;
    private readonly int _neitherCap;
    private readonly int _seed;

    /// <summary>Creates the source with its caps.</summary>
    public HateSpeechOffensiveSource(int hateCap = 800, int neitherCap = 1500, int seed = 1234)
    {
        _hateCap = hateCap;
        _neitherCap = neitherCap;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "hate-speech-offensive";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "hate-speech-offensive", "labeled_data.csv");
        var hate = new List<(int Order, string Id, string Text, double Agreement)>();
        var neither = new List<(int Order, string Id, string Text, double Agreement)>();
        foreach (var row in CsvReader.ReadFile(path))
        {
            var cls = row["class"];
            if (cls != "0" && cls != "2")
            {
                continue;
            }

            var text = TweetCleaner.Clean(row["tweet"]);
            if (TextKey.Of(text).Length == 0)
            {
                continue;
            }

            var count = Math.Max(1, int.Parse(row["count"], CultureInfo.InvariantCulture));
            var votes = int.Parse(row[cls == "0" ? "hate_speech" : "neither"], CultureInfo.InvariantCulture);
            var id = row[""].Length > 0 ? row[""] : row.Index.ToString(CultureInfo.InvariantCulture);
            (cls == "0" ? hate : neither).Add((row.Index, id, text, (double)votes / count));
        }

        foreach (var r in Cap(hate, _hateCap, "hso-hate"))
        {
            yield return LabeledText.Harmful(r.Text, Name, r.Id, HarmCategory.Hate);
        }

        foreach (var r in Cap(neither, _neitherCap, "hso-neither"))
        {
            yield return LabeledText.Benign(r.Text, Name, r.Id);
        }
    }

    private IEnumerable<(int Order, string Id, string Text, double Agreement)> Cap(List<(int Order, string Id, string Text, double Agreement)> rows, int cap, string purpose) =>
        rows.OrderByDescending(r => r.Agreement)
            .ThenBy(r => SeededHash.Of(_seed, purpose, r.Id))
            .ThenBy(r => r.Order)
            .Take(cap)
            .OrderBy(r => r.Order);
}
