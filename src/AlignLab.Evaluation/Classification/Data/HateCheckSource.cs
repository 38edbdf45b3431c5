using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// HateCheck (CC BY 4.0; <c>hatecheck/test_suite_cases.csv</c>): 3,725 functional test cases of hate-speech detection,
/// <c>hateful</c> → unsafe (hate), <c>non-hateful</c> → benign (counter-speech, quoted hate, negation, reclaimed slurs, abuse of
/// non-protected targets). A diagnostic suite: evaluation only (<see cref="Corpus.Suites"/>), never trained on. Cases of one
/// template share a group.
/// </summary>
public sealed class HateCheckSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "hatecheck";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "hatecheck", "test_suite_cases.csv");
        return HateSuiteRows.Read(path, Name, "case_id");
    }
}
