using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Evaluation.Suites;

/// <summary>Reads label and category values of suite files.</summary>
internal static class SuiteLabels
{
    private static readonly HashSet<string> HarmfulWords = new(StringComparer.OrdinalIgnoreCase) { "harmful", "unsafe", "1", "true", "yes" };
    private static readonly HashSet<string> BenignWords = new(StringComparer.OrdinalIgnoreCase) { "benign", "safe", "harmless", "0", "false", "no" };
    private static readonly HashSet<string> NoCategory = new(StringComparer.OrdinalIgnoreCase) { "", "benign", "safe", "none", "null", "-" };
    private static readonly string[] Suggestable = ["harmful", "benign", "contrast", "unsafe", "safe", "harmless", "true", "false"];

    /// <summary>The label of a value; a harm category id (hate, S10, jailbreak…) means harmful of that category.</summary>
    public static bool TryParse(string value, out CaseLabel label, out string? category, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        var v = value.Trim().Trim('"').Trim();
        category = null;
        error = null;
        if (HarmfulWords.Contains(v))
        {
            label = CaseLabel.Harmful;
            return true;
        }

        if (BenignWords.Contains(v))
        {
            label = CaseLabel.Benign;
            return true;
        }

        if (string.Equals(v, "contrast", StringComparison.OrdinalIgnoreCase))
        {
            label = CaseLabel.Contrast;
            return true;
        }

        if (HarmCategory.TryFind(v, out var c))
        {
            label = CaseLabel.Harmful;
            category = c.Id;
            return true;
        }

        label = default;
        var closest = Suggestions.Closest(v, Suggestable.Concat(HarmCategory.Ids));
        error = $"unknown label '{value}'" + (closest is not null ? $"; did you mean '{closest}'?" : "") +
            " (use harmful/unsafe/1/true, benign/safe/0/false, contrast, or a harm category id)";
        return false;
    }

    /// <summary>The canonical category id of a value (null for none/benign), or an error with a suggestion.</summary>
    public static bool TryCategory(string? value, out string? category, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        category = null;
        error = null;
        var v = value?.Trim() ?? "";
        if (NoCategory.Contains(v))
        {
            return true;
        }

        if (HarmCategory.TryFind(v, out var c))
        {
            category = c.Id;
            return true;
        }

        error = $"unknown category '{value}'; {Suggestions.Hint(v, [.. HarmCategory.Ids])}";
        return false;
    }
}
