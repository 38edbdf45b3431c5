using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// A mapping rule of the survey (<c>resolve</c> in <c>survey_counts.py</c>): fixed categories (refined by the
/// <see cref="KeywordCategorizer.RefinementCategories"/>), unsafe-only, excluded, or keywords with a fallback.
/// </summary>
public sealed class LabelRule
{
    private readonly HarmCategory[] _categories;

    private LabelRule(LabelStatus kind, HarmCategory[] categories, HarmCategory? fallback, string description)
    {
        Kind = kind;
        _categories = categories;
        Fallback = fallback;
        Description = description;
    }

    /// <summary>Mapped (fixed categories), keyword (keywords then fallback), unsafe-only or excluded.</summary>
    public LabelStatus Kind { get; }

    /// <summary>For a keyword rule: the category used when no keyword matches (null: unsafe-only).</summary>
    public HarmCategory? Fallback { get; }

    /// <summary>The rule as written in the survey script.</summary>
    public string Description { get; }

    /// <summary>The fixed categories of a mapped rule.</summary>
    public IReadOnlyList<HarmCategory> FixedCategories => _categories;

    /// <summary>The row is left out (<c>"EXCLUDE"</c>).</summary>
    public static LabelRule Exclude { get; } = new(LabelStatus.Excluded, [], null, "EXCLUDE");

    /// <summary>Unsafe, category unknown (<c>"UNSAFE"</c>).</summary>
    public static LabelRule UnsafeOnly { get; } = new(LabelStatus.UnsafeOnly, [], null, "UNSAFE");

    /// <summary>Fixed categories plus any refinement keywords that match.</summary>
    public static LabelRule Categories(params HarmCategory[] categories) =>
        new(LabelStatus.Mapped, categories, null, "[" + string.Join(", ", categories.Select(c => c.Id)) + "]");

    /// <summary>Keyword categories; when none matches, <paramref name="fallback"/> (mapped) or unsafe-only when null (<c>"KW:..."</c>).</summary>
    public static LabelRule Keywords(HarmCategory? fallback) => new(LabelStatus.Keyword, [], fallback, "KW:" + (fallback?.Id ?? "UNSAFE"));

    /// <summary>Applies the rule to a text.</summary>
    public LabelResolution Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (Kind)
        {
            case LabelStatus.Excluded:
                return new(LabelStatus.Excluded, []);
            case LabelStatus.UnsafeOnly:
                return new(LabelStatus.UnsafeOnly, []);
            case LabelStatus.Keyword:
                var found = KeywordCategorizer.Match(text);
                if (found.Count > 0)
                {
                    return new(LabelStatus.Keyword, found);
                }

                return Fallback is null ? new(LabelStatus.UnsafeOnly, []) : new(LabelStatus.Mapped, [Fallback]);
            default:
                var refine = KeywordCategorizer.Match(text, KeywordCategorizer.RefinementCategories);
                return new(LabelStatus.Mapped, [.. HarmCategory.All.Where(c => _categories.Contains(c) || refine.Contains(c))]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
