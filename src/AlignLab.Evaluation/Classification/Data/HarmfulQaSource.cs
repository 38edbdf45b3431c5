namespace AlignLab.Classification.Data;

/// <summary>
/// HarmfulQA (Apache-2.0): 1,960 templated questions whose topics are school subjects, so only keywords give a
/// category. Per the survey only the ~354 keyword-matched rows are used, at category weight 0.5; the other ~1,606
/// (label quality poor) are left out.
/// </summary>
public sealed class HarmfulQaSource : IDatasetSource
{
    /// <summary>The category weight of the keyword-derived labels.</summary>
    public const float CategoryWeight = 0.5f;

    /// <inheritdoc/>
    public string Name => "harmfulqa";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "harmfulqa", "harmfulqa.json");
        foreach (var topic in DataFiles.Json(path).EnumerateObject())
        {
            foreach (var sub in topic.Value.EnumerateObject())
            {
                var i = 0;
                foreach (var q in sub.Value.EnumerateArray())
                {
                    var text = q.GetString() ?? "";
                    var id = $"{topic.Name}/{sub.Name}/{i++}";
                    var categories = KeywordCategorizer.Match(text);
                    if (categories.Count > 0)
                    {
                        yield return new LabeledText(text, true, categories, true, Name, id) { CategoryWeight = CategoryWeight };
                    }
                }
            }
        }
    }
}
