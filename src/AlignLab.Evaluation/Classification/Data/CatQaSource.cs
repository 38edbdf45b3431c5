using System.Text.Json;

namespace AlignLab.Classification.Data;

/// <summary>
/// CatQA English (Apache-2.0): 550 harmful questions in 11 categories × 5 subcategories, mapped by
/// <see cref="CatQaMapping"/> (about 480 explicit, 31 keyword, 39 unsafe-only).
/// </summary>
public sealed class CatQaSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "catqa";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "harmfulqa", "catqa_english.json");
        foreach (var category in DataFiles.Json(path).EnumerateObject())
        {
            foreach (var sub in category.Value.EnumerateObject())
            {
                var rule = CatQaMapping.Find(category.Name, sub.Name)
                    ?? throw new InvalidDataException($"{path}: unmapped CatQA category '{category.Name}'");
                var i = 0;
                foreach (var q in sub.Value.EnumerateArray())
                {
                    var text = q.GetString() ?? "";
                    var row = rule.Resolve(text).ToLabeledText(text, Name, $"{category.Name}/{sub.Name}/{i++}");
                    if (row is not null)
                    {
                        yield return row;
                    }
                }
            }
        }
    }
}
