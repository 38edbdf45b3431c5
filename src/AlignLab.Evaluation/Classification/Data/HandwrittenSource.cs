using System.Globalization;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// The project's fourth hand-written set (<c>data/handwritten/*.txt</c>, MIT), written for the errors the
/// out-of-distribution report showed: benign look-alikes across the common over-refusal types, short replies, moderation-style
/// text, and harmful requests and injections in French, German, Spanish and Russian. One row per line:
/// <c>label ||| category ||| text</c>, where the label is <c>benign</c> or <c>harmful</c> and the category a taxonomy id, or
/// <c>-</c> (benign, or unsafe of unknown category); blank lines and lines starting with <c>#</c> are skipped. The id is the
/// file name and a hash of the text, so editing one line never renames another. A fixed 20% of the rows (a hash of the text,
/// independent of the seed) is held out in the test split. Silently empty when the folder is absent.
/// </summary>
public sealed class HandwrittenSource : ISplitRoutedSource
{
    /// <summary>The share of rows forced to test.</summary>
    public const double TestFraction = 0.2;

    /// <inheritdoc/>
    public string Name => "handwritten";

    /// <inheritdoc/>
    public string Licence => "MIT (AlignLab, hand-written)";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <summary>The folder under a project data folder.</summary>
    public static string PathIn(string projectDirectory) => Path.Combine(projectDirectory, "handwritten");

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var folder = PathIn(dirs.Project);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(file))
            {
                lineNumber++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                yield return Parse(line, stem, $"{file}: line {lineNumber.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    /// <summary>Whether a row's text is in the held-out fold.</summary>
    public static bool IsTest(string text) => SeededHash.Unit(0, "handwritten-test", TextKey.Of(text)) < TestFraction;

    private LabeledText Parse(string line, string stem, string where)
    {
        var parts = line.Split("|||");
        if (parts.Length != 3)
        {
            throw new InvalidDataException($"{where}: expected 'label ||| category ||| text'");
        }

        var label = parts[0].Trim();
        var category = parts[1].Trim();
        var text = parts[2].Trim().Replace("\\n", "\n", StringComparison.Ordinal);
        var id = stem + "/" + SeededHash.Of(0, "handwritten-id", text).ToString("x8", CultureInfo.InvariantCulture);
        LabeledText row;
        if (label == "benign")
        {
            row = LabeledText.Benign(text, Name, id);
        }
        else if (label != "harmful")
        {
            throw new InvalidDataException($"{where}: label must be 'benign' or 'harmful', not '{label}'");
        }
        else if (category == "-")
        {
            row = LabeledText.HarmfulUncategorised(text, Name, id);
        }
        else if (HarmCategory.TryFind(category, out var c))
        {
            row = LabeledText.Harmful(text, Name, id, c);
        }
        else
        {
            throw new InvalidDataException($"{where}: unknown category '{category}' (expected '-' or one of {string.Join(", ", HarmCategory.Ids)})");
        }

        return IsTest(text) ? row with { FixedSplit = DataSplit.Test } : row;
    }
}
