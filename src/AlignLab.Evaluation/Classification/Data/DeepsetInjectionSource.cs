using System.Text.Json;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// deepset/prompt-injections (Apache-2.0): label 1 → <c>prompt_injection</c> (some are really jailbreaks; tagged
/// injection only), label 0 → benign. About a third is German, kept. The upstream train split (546) goes to
/// train/validation, the upstream test split (116) is forced to test.
/// </summary>
public sealed class DeepsetInjectionSource : ISplitRoutedSource
{
    /// <inheritdoc/>
    public string Name => "deepset-prompt-injections";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        foreach (var split in new[] { "train", "test" })
        {
            var path = DataFiles.Require(dirs.Shared, Name, "prompt-injection", "deepset", split + ".jsonl");
            foreach (var (i, e) in DataFiles.JsonLines(path))
            {
                var text = e.Str("text");
                var id = $"{split}/{i}";
                var label = e.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : -1;
                var row = label switch
                {
                    1 => LabeledText.Harmful(text, Name, id, HarmCategory.PromptInjection),
                    0 => LabeledText.Benign(text, Name, id),
                    _ => throw new InvalidDataException($"{path}: line {i + 1} has no 0/1 label"),
                };
                yield return split == "test" ? row with { FixedSplit = DataSplit.Test } : row;
            }
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }
}
