namespace AlignLab.Classification.Data;

/// <summary>
/// ASQA questions from the FineGrainedRLHF qa-feedback dev split (Apache-2.0): 500 ambiguous factoid questions,
/// benign. Only the questions are used; the Wikipedia passages (CC BY-SA) are not.
/// </summary>
public sealed class AsqaQuestionsSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "asqa";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "preference", "qa_feedback_dev_feedback.json");
        var i = 0;
        foreach (var e in DataFiles.Json(path).EnumerateArray())
        {
            yield return LabeledText.Benign(e.Str("question"), Name, "dev/" + i++);
        }
    }
}
