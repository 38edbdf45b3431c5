using System.Globalization;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// jailbreak_llms (MIT): 1,405 in-the-wild jailbreak prompts, all labelled <c>jailbreak</c> only (the harm of a
/// request embedded in the prompt is not tagged). Temporal split: prompts dated on or after
/// <see cref="TemporalCutoff"/> are forced to test, the rest go to train/validation. <see cref="LabeledText.Group"/>
/// is the first 200 characters of the normalised text, so variants of one template never straddle splits; a late
/// prompt whose template already occurs before the cutoff is dropped (it would not test generalisation).
/// </summary>
public sealed class JailbreakLlmsSource : ISplitRoutedSource
{
    /// <summary>The first date of the temporal test split.</summary>
    public static readonly DateOnly TemporalCutoff = new(2023, 10, 1);

    /// <summary>Characters of the normalised text that identify a template.</summary>
    public const int TemplatePrefixLength = 200;

    /// <inheritdoc/>
    public string Name => "jailbreak_llms";

    /// <inheritdoc/>
    public string Licence => "MIT";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "jailbreak_llms", "jailbreak_prompts_2023_12_25.csv");
        var rows = CsvReader.ReadFile(path)
            .Select(r => (r.Index, Text: r["prompt"], Late: IsLate(r["date"]), Group: "template:" + TextKey.Prefix(r["prompt"], TemplatePrefixLength)))
            .ToList();
        var earlyTemplates = rows.Where(r => !r.Late).Select(r => r.Group).ToHashSet(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (r.Late && earlyTemplates.Contains(r.Group))
            {
                continue;
            }

            yield return LabeledText.Harmful(r.Text, Name, "row/" + r.Index, HarmCategory.Jailbreak) with
            {
                Group = r.Group,
                FixedSplit = r.Late ? DataSplit.Test : null,
            };
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    /// <summary>Whether a <c>date</c> value (yyyy-MM-dd; empty for undated rows) falls in the temporal test split.</summary>
    internal static bool IsLate(string date) =>
        DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= TemporalCutoff;
}
