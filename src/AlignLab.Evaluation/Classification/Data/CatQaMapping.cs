using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// The CatQA mapping of the survey (<c>CATQA_MAP</c> in <c>data/tools/survey_counts.py</c>): (category, subcategory prefix)
/// to a rule; a null subcategory is the category's default. The first subcategory prefix that matches wins.
/// </summary>
public static class CatQaMapping
{
    /// <summary>The rules, in the script's order.</summary>
    public static IReadOnlyList<(string Category, string? SubcategoryPrefix, LabelRule Rule)> Rules { get; } =
    [
        ("Illegal Activity", null, LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Child Abuse", "Content Sexual", LabelRule.Categories(HarmCategory.ChildSexualExploitation)),
        ("Child Abuse", "Online predation", LabelRule.Categories(HarmCategory.ChildSexualExploitation)),
        ("Child Abuse", null, LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Hate/Harass/Violence", "Terrorism", LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Hate/Harass/Violence", null, LabelRule.Categories(HarmCategory.Hate)),
        ("Malware Viruses", null, LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Physical Harm", "Self-harm", LabelRule.Categories(HarmCategory.SuicideSelfHarm)),
        ("Physical Harm", "Assault", LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Physical Harm", "Weapon making", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Physical Harm", null, LabelRule.Keywords(null)),
        ("Economic Harm", "Intellectual property", LabelRule.Categories(HarmCategory.IntellectualProperty)),
        ("Economic Harm", null, LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Fraud/Deception", null, LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Adult Content", null, LabelRule.Categories(HarmCategory.SexualContent)),
        ("Political Campaigning", null, LabelRule.Keywords(null)),
        ("Privacy Violation Activity", null, LabelRule.Categories(HarmCategory.Privacy)),
        ("Tailored Financial Advice", null, LabelRule.Categories(HarmCategory.SpecializedAdvice)),
    ];

    /// <summary>The rule for a category and subcategory, or null when the category is unknown.</summary>
    public static LabelRule? Find(string category, string subcategory)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(subcategory);
        foreach (var (c, prefix, rule) in Rules)
        {
            if (c == category && prefix is not null && subcategory.StartsWith(prefix, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        foreach (var (c, prefix, rule) in Rules)
        {
            if (c == category && prefix is null)
            {
                return rule;
            }
        }

        return null;
    }
}
