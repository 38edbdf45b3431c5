namespace AlignLab.Classification.Data;

/// <summary>
/// MultiJail (MIT; <c>multijail/MultiJail.csv</c>): 314 unsafe English prompts with native-speaker translations into nine
/// languages (zh, it, vi, ar, ko, th, bn, sw, jv). Every row is unsafe, category unknown. A benchmark: evaluation only, one
/// row per (prompt, language), the translations of a prompt in one group. Row id <c>&lt;id&gt;/&lt;lang&gt;</c>.
/// </summary>
public sealed class MultiJailSource : IDatasetSource
{
    /// <summary>The language columns.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv"];

    /// <inheritdoc/>
    public string Name => "multijail";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "multijail", "MultiJail.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var id = row["id"];
            foreach (var lang in Languages)
            {
                var text = row[lang].Trim();
                if (text.Length > 0)
                {
                    yield return LabeledText.HarmfulUncategorised(text, Name, id + "/" + lang) with { Group = "prompt:" + id };
                }
            }
        }
    }
}
