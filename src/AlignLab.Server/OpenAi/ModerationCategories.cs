using AlignLab.Constitutions;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// Maps our harm taxonomy onto the category names of the OpenAI moderation response. Each OpenAI category
/// scores the highest of the categories mapped to it; our own categories are reported as well, under <c>alignlab</c>.
/// </summary>
public static class ModerationCategories
{
    /// <summary>OpenAI category name → our categories.</summary>
    public static IReadOnlyList<(string Name, HarmCategory[] Sources)> OpenAi { get; } =
    [
        ("harassment", [HarmCategory.Hate, HarmCategory.Defamation]),
        ("harassment/threatening", [HarmCategory.ViolentCrimes]),
        ("hate", [HarmCategory.Hate]),
        ("hate/threatening", [HarmCategory.Hate]),
        ("illicit", [HarmCategory.NonViolentCrimes, HarmCategory.ViolentCrimes, HarmCategory.IndiscriminateWeapons, HarmCategory.CodeInterpreterAbuse]),
        ("illicit/violent", [HarmCategory.ViolentCrimes, HarmCategory.IndiscriminateWeapons]),
        ("self-harm", [HarmCategory.SuicideSelfHarm]),
        ("self-harm/intent", [HarmCategory.SuicideSelfHarm]),
        ("self-harm/instructions", [HarmCategory.SuicideSelfHarm]),
        ("sexual", [HarmCategory.SexualContent, HarmCategory.SexRelatedCrimes]),
        ("sexual/minors", [HarmCategory.ChildSexualExploitation]),
        ("violence", [HarmCategory.ViolentCrimes, HarmCategory.IndiscriminateWeapons]),
        ("violence/graphic", [HarmCategory.ViolentCrimes]),
    ];
}
