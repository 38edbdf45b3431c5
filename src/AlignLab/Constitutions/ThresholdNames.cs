namespace AlignLab.Constitutions;

/// <summary>
/// The names <c>intervention_thresholds</c> and the <c>thresholds:</c> of contexts and profiles accept besides category ids,
/// what each one sets, and the seed-format names that AlignLab has no detector for.
/// </summary>
public static class ThresholdNames
{
    /// <summary>The classifier's overall unsafe score: at or over it the classifier acts (see <see cref="ClassifierPolicy"/>).</summary>
    public const string Safety = "safety";

    /// <summary>The threshold of the toxic categories (<see cref="ToxicCategories"/>), unless a category sets its own.</summary>
    public const string Toxicity = "toxicity";

    /// <summary>The names accepted besides category ids.</summary>
    public static IReadOnlyList<string> Known { get; } = [Safety, Toxicity];

    /// <summary>
    /// The categories <see cref="Toxicity"/> sets: hate, violent crimes (threats, violence), sex-related crimes (sexual
    /// harassment and abuse) and sexual content. The classifier has no separate harassment or profanity output.
    /// </summary>
    public static IReadOnlyList<HarmCategory> ToxicCategories { get; } =
        [HarmCategory.Hate, HarmCategory.ViolentCrimes, HarmCategory.SexRelatedCrimes, HarmCategory.SexualContent];

    /// <summary>Seed-format names with no detector behind them, each with what to use instead.</summary>
    public static IReadOnlyDictionary<string, string> Unsupported { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bias"] = "AlignLab has no bias score; demeaning text about protected groups is the 'hate' category "
            + "(set categories.hate.threshold), and bias in answers is checked by a judge under 'judges:' "
            + "with a prompt of your own and its own 'threshold'",
        ["factuality"] = "AlignLab has no factuality score; check factual claims with a judge under 'judges:' "
            + "(a prompt that asks for factual errors, with its own 'threshold'), or with a critique_revision principle",
    };

    /// <summary>True when <paramref name="key"/> is a toxic category's id.</summary>
    public static bool IsToxic(string key) => ToxicCategories.Any(c => c.Id == key);
}
