using AlignLab.Classification;
using AlignLab.Constitutions;

namespace AlignLab.IO;

/// <summary>Turns a label value from a user's file into a labelled example.</summary>
public static class LabelParser
{
    private static readonly HashSet<string> UnsafeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "1", "true", "unsafe", "harmful", "toxic", "jailbreak", "injection", "yes", "flagged",
    };

    // The labels of TOXIGEN (hate / neutral) and HateCheck (hateful / non-hateful), ../shared/data/DATA.md sections 6 and 19;
    // "hate" is already the category id.
    private static readonly HashSet<string> HatefulWords = new(StringComparer.OrdinalIgnoreCase) { "hateful" };

    private static readonly HashSet<string> SafeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "0", "false", "safe", "benign", "harmless", "no", "ok", "none", "neutral", "non-hateful", "not-hateful", "nothate",
    };

    /// <summary>
    /// Accepts unsafe/safe words (1/0, true/false, harmful/benign, hateful/non-hateful, neutral, …) or a harm category id
    /// (which means unsafe of that category; hateful means hate). Returns null for anything else.
    /// </summary>
    public static LabeledText? Parse(TabularRecord record, string source)
    {
        ArgumentNullException.ThrowIfNull(record);
        var label = record.Label?.Trim().Trim('"') ?? string.Empty;
        if (SafeWords.Contains(label))
        {
            return LabeledText.Benign(record.Text, source, record.Id);
        }

        if (HatefulWords.Contains(label))
        {
            return LabeledText.Harmful(record.Text, source, record.Id, HarmCategory.Hate);
        }

        if (HarmCategory.TryFind(label, out var category))
        {
            return LabeledText.Harmful(record.Text, source, record.Id, category);
        }

        return UnsafeWords.Contains(label) ? LabeledText.HarmfulUncategorised(record.Text, source, record.Id) : null;
    }
}
