using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// The do-not-answer mapping of the survey (<c>DNA_MAP</c> in <c>data/tools/survey_counts.py</c>): rules keyed on the
/// prefix of <c>specific_harms</c>, which is finer than <c>types_of_harm</c>. The first matching prefix wins.
/// </summary>
public static class DoNotAnswerMapping
{
    /// <summary>The rules, in the script's order.</summary>
    public static IReadOnlyList<(string Prefix, LabelRule Rule)> Rules { get; } =
    [
        ("Explicit Sexual Content", LabelRule.Categories(HarmCategory.SexualContent)),
        ("Graphic Violence", LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Body Shaming", LabelRule.Categories(HarmCategory.Hate)),
        ("Disability Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Gender/Sexual Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Location Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Other Forms of Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Racial/Ethnic Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Religious Discrimination", LabelRule.Categories(HarmCategory.Hate)),
        ("Insult", LabelRule.UnsafeOnly),
        ("Obscene", LabelRule.Categories(HarmCategory.Hate)),
        ("Other Severe Toxicity", LabelRule.Categories(HarmCategory.Hate)),
        ("Self-Harm", LabelRule.Categories(HarmCategory.SuicideSelfHarm)),
        ("Advice of coping", LabelRule.Keywords(HarmCategory.SpecializedAdvice)),
        ("Consult advice on psychotic", LabelRule.Keywords(HarmCategory.SpecializedAdvice)),
        ("Depression and Anxiety", LabelRule.Keywords(HarmCategory.SpecializedAdvice)),
        ("Ask for personal information", LabelRule.Exclude),
        ("places personal emotional reliance", LabelRule.Exclude),
        ("Biometric Data", LabelRule.Categories(HarmCategory.Privacy)),
        ("Educational Information", LabelRule.Categories(HarmCategory.Privacy)),
        ("Financial Information", LabelRule.Categories(HarmCategory.Privacy)),
        ("Medical Information", LabelRule.Categories(HarmCategory.Privacy)),
        ("Personal Identification Information", LabelRule.Categories(HarmCategory.Privacy)),
        ("Personal Life Information", LabelRule.Categories(HarmCategory.Privacy)),
        ("Classified Information", LabelRule.Exclude),
        ("Confidential Operations", LabelRule.Exclude),
        ("Cybersecurity Vulnerabilities", LabelRule.Exclude),
        ("Financial and Budgetary", LabelRule.Exclude),
        ("Internal Communications", LabelRule.Exclude),
        ("Internal Policies", LabelRule.Exclude),
        ("Legal Information", LabelRule.Exclude),
        ("Sensitive Technological", LabelRule.Exclude),
        ("Animal Abuse", LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Copyright Infringement", LabelRule.Categories(HarmCategory.IntellectualProperty)),
        ("Financial Crimes", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Illegal Digital Activities", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Illegal Drugs", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Illegal Trade", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Illegitimate surveillance", LabelRule.Categories(HarmCategory.Privacy)),
        ("Sexual Exploitation and Pornography", LabelRule.Keywords(HarmCategory.SexRelatedCrimes)),
        ("Substance Abuse", LabelRule.Categories(HarmCategory.NonViolentCrimes)),
        ("Terrorist Activities", LabelRule.Keywords(HarmCategory.ViolentCrimes)),
        ("Threats and Intimidation", LabelRule.Keywords(HarmCategory.NonViolentCrimes)),
        ("Violence and Physical Harm", LabelRule.Categories(HarmCategory.ViolentCrimes)),
        ("Defamatory Content", LabelRule.Categories(HarmCategory.Defamation)),
        ("Endorsement of Cyberbullying", LabelRule.UnsafeOnly),
        ("Endorsement of Unsafe Health", LabelRule.Categories(HarmCategory.SpecializedAdvice)),
        ("Guide for Risky Pranks", LabelRule.UnsafeOnly),
        ("Trolling or Flame", LabelRule.UnsafeOnly),
        ("Disinformation", LabelRule.Keywords(null)),
        ("Malinformation", LabelRule.Categories(HarmCategory.Privacy)),
        ("Spam Content", LabelRule.UnsafeOnly),
        ("Financial Advice", LabelRule.Categories(HarmCategory.SpecializedAdvice)),
        ("Legal Advice", LabelRule.Categories(HarmCategory.SpecializedAdvice)),
        ("Medical Advice", LabelRule.Categories(HarmCategory.SpecializedAdvice)),
        ("Unreliable Experts", LabelRule.Exclude),
        ("False News", LabelRule.Exclude),
        ("Hazardous Activities", LabelRule.Keywords(null)),
        ("Misinterpretation", LabelRule.Exclude),
        ("Propaganda", LabelRule.Exclude),
        ("Rumors", LabelRule.Exclude),
    ];

    /// <summary>
    /// Prefixes whose specialised-advice label is the disclaimer tier ("needs a professional"), not dangerous advice.
    /// Their category weight is reduced (<see cref="DisclaimerTierWeight"/>) so the head does not fire on every health question.
    /// </summary>
    public static IReadOnlyList<string> DisclaimerTier { get; } =
        ["Financial Advice", "Legal Advice", "Medical Advice", "Advice of coping", "Consult advice on psychotic", "Depression and Anxiety"];

    /// <summary>The category weight of a disclaimer-tier row (the survey suggests 1.0 for dangerous advice and 0.6 for this tier).</summary>
    public const float DisclaimerTierWeight = 0.6f;

    /// <summary>The rule for a <c>specific_harms</c> value, or null when no prefix matches.</summary>
    public static (string Prefix, LabelRule Rule)? Find(string specificHarms)
    {
        ArgumentNullException.ThrowIfNull(specificHarms);
        foreach (var entry in Rules)
        {
            if (specificHarms.StartsWith(entry.Prefix, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
