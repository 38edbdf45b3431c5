using System.Globalization;

namespace AlignLab.Classification.Data;

/// <summary>
/// Evaluation only: trained on, it lowered the random-split test ROC-AUC and every fold's recall (docs/CLASSIFIER.md, "Round-3 sources");
/// the out-of-distribution report scores it as a left-out source.
/// LDNOOBW bad-word lists in 28 languages (CC BY 4.0; <c>ldnoobw/&lt;lang&gt;.txt</c>). Made for filtering search
/// suggestions, not for classification: many entries have benign senses. Loaded as short unsafe texts of unknown category at
/// weight 0.25 (terms of at least four characters, or two for Chinese, Japanese and Korean, which write words in fewer), so
/// that the model sees the vocabulary of abuse in languages the rest of the corpus barely covers without learning any single
/// term strongly. The Klingon list is skipped. A lexicon source: outside the out-of-distribution macro figures.
/// </summary>
public sealed class LdnoobwSource : IDatasetSource
{
    /// <inheritdoc/>
    public string Name => "ldnoobw";

    /// <inheritdoc/>
    public string Licence => "CC BY 4.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.EvaluationOnly;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var folder = Path.Combine(dirs.Shared, "ldnoobw");
        DataFiles.Require(dirs.Shared, Name, "ldnoobw", "en.txt");
        foreach (var file in Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            var lang = Path.GetFileNameWithoutExtension(file);
            if (lang is "tlh" || lang.StartsWith("LICENSE", StringComparison.Ordinal))
            {
                continue;
            }

            var minLength = lang is "zh" or "ja" or "ko" ? 2 : 4;
            var line = 0;
            foreach (var raw in File.ReadLines(file))
            {
                line++;
                var term = raw.Trim();
                if (term.Length < minLength)
                {
                    continue;
                }

                yield return LabeledText.HarmfulUncategorised(term, Name, lang + "/" + line.ToString(CultureInfo.InvariantCulture)) with { Weight = 0.25f };
            }
        }
    }
}
