namespace AlignLab.Classification.Data;

/// <summary>
/// Multilingual HateCheck (CC BY 4.0; <c>multilingual-hatecheck/hatecheck_cases_final_&lt;language&gt;.csv.gz</c>): the HateCheck
/// idea written natively in ten languages (36,582 cases). Evaluation only, like <see cref="HateCheckSource"/>; the row id is
/// the upstream <c>mhc_case_id</c> (e.g. <c>german-1</c>).
/// </summary>
public sealed class MultilingualHateCheckSource : IDatasetSource
{
    /// <summary>The ten languages, as in the file names.</summary>
    public static IReadOnlyList<string> Languages { get; } =
        ["arabic", "dutch", "french", "german", "hindi", "italian", "mandarin", "polish", "portuguese", "spanish"];

    /// <inheritdoc/>
    public string Name => "multilingual-hatecheck";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        foreach (var language in Languages)
        {
            var path = DataFiles.Require(dirs.Shared, Name, "multilingual-hatecheck", $"hatecheck_cases_final_{language}.csv.gz");
            foreach (var row in HateSuiteRows.Read(path, Name, "mhc_case_id"))
            {
                yield return row with { Group = language + "/" + row.Group };
            }
        }
    }
}
