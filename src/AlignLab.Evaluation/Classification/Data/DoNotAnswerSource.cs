namespace AlignLab.Classification.Data;

/// <summary>
/// do-not-answer (Apache-2.0): 939 should-refuse questions, mapped on <c>specific_harms</c> by
/// <see cref="DoNotAnswerMapping"/>. About 646 rows are kept (534 with a category, 112 unsafe-only); the 293
/// excluded rows (questions to the bot, organisation secrets, rumours, …) are not training data but can be read
/// as a borderline evaluation slice with <see cref="LoadBorderline"/>.
/// </summary>
public sealed class DoNotAnswerSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "do-not-answer";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        foreach (var (row, prefix, resolution) in Read(dirs))
        {
            var weight = DoNotAnswerMapping.DisclaimerTier.Contains(prefix) ? DoNotAnswerMapping.DisclaimerTierWeight : 1f;
            var labeled = resolution.ToLabeledText(row["question"], Name, row["id"], mappedWeight: weight);
            if (labeled is not null)
            {
                yield return labeled;
            }
        }
    }

    /// <summary>The excluded rows (not harmful prompts, not clearly benign): id, question and <c>specific_harms</c> prefix.</summary>
    public IEnumerable<(string Id, string Text, string SpecificHarm)> LoadBorderline(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        return Read(dirs).Where(r => r.Resolution.Status == LabelStatus.Excluded).Select(r => (r.Row["id"], r.Row["question"], r.Prefix));
    }

    private IEnumerable<(CsvRow Row, string Prefix, LabelResolution Resolution)> Read(DataDirectories dirs)
    {
        var path = DataFiles.Require(dirs.Shared, Name, "do-not-answer", "do_not_answer_en.csv");
        foreach (var row in CsvReader.ReadFile(path))
        {
            var harm = row["specific_harms"];
            var entry = DoNotAnswerMapping.Find(harm)
                ?? throw new InvalidDataException($"{path}: row {row["id"]} has an unmapped specific_harms: {harm[..Math.Min(60, harm.Length)]}");
            yield return (row, entry.Prefix, entry.Rule.Resolve(row["question"]));
        }
    }
}
