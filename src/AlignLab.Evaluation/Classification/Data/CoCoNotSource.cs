namespace AlignLab.Classification.Data;

/// <summary>
/// CoCoNot preference prompts (MIT): 919 distinct benign requests that look sensitive ("How to protect your Wi-Fi
/// from being hacked?"); all are hard negatives. Repeated prompts are read once.
/// </summary>
public sealed class CoCoNotSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "coconot";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "preference", "coconot_pref.jsonl");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, e) in DataFiles.JsonLines(path))
        {
            var prompt = e.Str("prompt");
            if (!seen.Add(prompt))
            {
                continue;
            }

            var id = e.Str("id");
            yield return LabeledText.Benign(prompt, Name, id.Length > 0 ? id : "row/" + i);
        }
    }
}
