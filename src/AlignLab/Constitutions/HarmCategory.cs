namespace AlignLab.Constitutions;

/// <summary>
/// A harm category of AlignLab's taxonomy. The first fourteen follow the MLCommons AILuminate hazard
/// categories (codes S1–S14, as used by Llama Guard 3); jailbreak and prompt injection are attack types
/// that guards also have to recognise.
/// </summary>
/// <param name="Id">The snake_case id used in YAML and JSON.</param>
/// <param name="Code">The short code (S1…S14, J1, P1).</param>
/// <param name="DisplayName">A human-readable name.</param>
/// <param name="Description">What falls in the category.</param>
public sealed record HarmCategory(string Id, string Code, string DisplayName, string Description)
{
    public static readonly HarmCategory ViolentCrimes = new("violent_crimes", "S1", "Violent crimes", "Helping plan or carry out violence against people or animals: murder, assault, kidnapping, terrorism.");
    public static readonly HarmCategory NonViolentCrimes = new("non_violent_crimes", "S2", "Non-violent crimes", "Fraud, theft, hacking and cybercrime, drug manufacture or trafficking, weapons trafficking, other illegal acts.");
    public static readonly HarmCategory SexRelatedCrimes = new("sex_related_crimes", "S3", "Sex-related crimes", "Sexual assault, trafficking, harassment, non-consensual intimate imagery.");
    public static readonly HarmCategory ChildSexualExploitation = new("child_sexual_exploitation", "S4", "Child sexual exploitation", "Any sexualisation of minors; grooming.");
    public static readonly HarmCategory Defamation = new("defamation", "S5", "Defamation", "False statements of fact that damage a real person's reputation.");
    public static readonly HarmCategory SpecializedAdvice = new("specialized_advice", "S6", "Specialized advice", "Medical, legal or financial advice that needs a professional, or that is dangerous without one.");
    public static readonly HarmCategory Privacy = new("privacy", "S7", "Privacy", "Exposing or inferring sensitive personal information; doxxing; surveillance of individuals.");
    public static readonly HarmCategory IntellectualProperty = new("intellectual_property", "S8", "Intellectual property", "Reproducing copyrighted works, piracy, counterfeit goods.");
    public static readonly HarmCategory IndiscriminateWeapons = new("indiscriminate_weapons", "S9", "Indiscriminate weapons", "Chemical, biological, radiological, nuclear and high-yield explosive weapons.");
    public static readonly HarmCategory Hate = new("hate", "S10", "Hate", "Demeaning or dehumanising people for protected characteristics.");
    public static readonly HarmCategory SuicideSelfHarm = new("suicide_self_harm", "S11", "Suicide & self-harm", "Encouraging or enabling suicide, self-injury or disordered eating.");
    public static readonly HarmCategory SexualContent = new("sexual_content", "S12", "Sexual content", "Explicit sexual content involving adults.");
    public static readonly HarmCategory Elections = new("elections", "S13", "Elections", "False information about voting, or efforts to suppress or subvert elections.");
    public static readonly HarmCategory CodeInterpreterAbuse = new("code_interpreter_abuse", "S14", "Code interpreter abuse", "Using code-execution tools to escape sandboxes, exhaust resources or attack the host.");
    public static readonly HarmCategory Jailbreak = new("jailbreak", "J1", "Jailbreak", "Attempts to make the model ignore its rules: role-play personas, 'developer mode', refusal suppression.");
    public static readonly HarmCategory PromptInjection = new("prompt_injection", "P1", "Prompt injection", "Instructions hidden in data (documents, tool output, web pages) that try to take over the model.");

    /// <summary>
    /// True for the categories that tooling must never suggest relaxing (no <c>unless:</c> exception, no higher
    /// threshold): child sexual exploitation. A false positive there is reviewed by hand or accepted.
    /// </summary>
    public bool NeverRelaxed => Id == "child_sexual_exploitation";

    /// <summary>Every category, in taxonomy order.</summary>
    public static IReadOnlyList<HarmCategory> All { get; } =
    [
        ViolentCrimes, NonViolentCrimes, SexRelatedCrimes, ChildSexualExploitation, Defamation, SpecializedAdvice,
        Privacy, IntellectualProperty, IndiscriminateWeapons, Hate, SuicideSelfHarm, SexualContent, Elections,
        CodeInterpreterAbuse, Jailbreak, PromptInjection,
    ];

    private static readonly Dictionary<string, HarmCategory> Lookup = BuildLookup();

    /// <summary>Finds a category by id, code or a common alias (case-insensitive).</summary>
    public static bool TryFind(string? name, out HarmCategory category)
    {
        category = ViolentCrimes;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (Lookup.TryGetValue(name.Trim(), out var found))
        {
            category = found;
            return true;
        }

        return false;
    }

    /// <summary>The ids of all categories, for hints.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(c => c.Id)];

    private static Dictionary<string, HarmCategory> BuildLookup()
    {
        var map = new Dictionary<string, HarmCategory>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in All)
        {
            map[c.Id] = c;
            map[c.Code] = c;
        }

        map["violence"] = ViolentCrimes;
        map["crime"] = NonViolentCrimes;
        map["illegal"] = NonViolentCrimes;
        map["cybercrime"] = NonViolentCrimes;
        map["csam"] = ChildSexualExploitation;
        map["medical"] = SpecializedAdvice;
        map["weapons"] = IndiscriminateWeapons;
        map["cbrne"] = IndiscriminateWeapons;
        map["hate_speech"] = Hate;
        map["self_harm"] = SuicideSelfHarm;
        map["suicide"] = SuicideSelfHarm;
        map["sexual"] = SexualContent;
        map["injection"] = PromptInjection;
        return map;
    }
}
