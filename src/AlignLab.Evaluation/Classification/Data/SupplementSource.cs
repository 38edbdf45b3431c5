using System.Globalization;

namespace AlignLab.Classification.Data;

/// <summary>
/// The project's hand-written supplement (<c>data/supplement/supplement.jsonl</c>, MIT; same schema as the contrast
/// set, plus unpaired benign rows with an empty <c>pair</c>), loaded when present and silently empty when absent.
/// About 20% of the pairs are forced to test, by the supplement's own fixed evaluation fold (<c>eval_fold</c> in
/// <c>data/supplement/validate.py</c>: the pair number ⌈n/2⌉ of the benign id <c>s&lt;n&gt;</c> is a multiple of 5; an
/// unpaired row's own number is); rows whose ids do not follow that pattern use a fixed 20% hash of the pair instead.
/// Both halves of a pair always share a split; the other rows go to train/validation.
/// </summary>
public sealed class SupplementSource : ISplitRoutedSource
{
    /// <summary>The share of pairs forced to test.</summary>
    public const double TestFraction = 0.2;

    /// <inheritdoc/>
    public string Name => "supplement";

    /// <inheritdoc/>
    public string Licence => "MIT (AlignLab, hand-written)";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <summary>The supplement file under a project data folder.</summary>
    public static string PathIn(string projectDirectory) => Path.Combine(projectDirectory, "supplement", "supplement.jsonl");

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = PathIn(dirs.Project);
        if (!File.Exists(path))
        {
            return [];
        }

        return PairedSetReader.Read(path, Name).Select(r => IsTest(r) ? r with { FixedSplit = DataSplit.Test } : r);
    }

    /// <inheritdoc/>
    public CorpusRoute Route(LabeledText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.FixedSplit == DataSplit.Test ? CorpusRoute.Test : CorpusRoute.TrainOrValidation;
    }

    /// <summary>Whether a supplement row is in the evaluation fold.</summary>
    internal static bool IsTest(LabeledText row)
    {
        // Group is "pair:<a>|<b>" (ordered ids) or "pair:<id>" for an unpaired row.
        var group = row.Group ?? "pair:" + row.Id;
        var ids = group["pair:".Length..].Split('|');
        if (ids.Length == 1)
        {
            return Number(ids[0]) is { } n ? n % 5 == 0 : Hashed(group);
        }

        var benignId = row.Unsafe ? (ids[0] == row.Id ? ids[1] : ids[0]) : row.Id;
        return Number(benignId) is { } b ? (b + 1) / 2 % 5 == 0 : Hashed(group);
    }

    private static bool Hashed(string group) => SeededHash.Unit(0, "supplement-test", group) < TestFraction;

    private static long? Number(string id) =>
        id.Length > 1 && id[0] == 's' && long.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
