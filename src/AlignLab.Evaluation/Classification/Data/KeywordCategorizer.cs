using System.Text.RegularExpressions;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// The conservative keyword heuristics of <c>data/tools/survey_counts.py</c> (<c>KW</c>), ported pattern for pattern.
/// They label sources that have no usable category (AdvBench, HarmfulQA) and refine coarse source categories
/// (CatQA, do-not-answer). A text that matches nothing stays "unsafe, category unknown"; it never gets a default.
/// </summary>
public static class KeywordCategorizer
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Keep these byte-identical to KW in data/tools/survey_counts.py.
    private static readonly (HarmCategory Category, string Pattern)[] Table =
    [
        (HarmCategory.IndiscriminateWeapons, """\b(bombs?|explosives?|explosive device|detonat\w*|nuclear|radiological|dirty bomb|chemical weapons?|biological weapons?|bio-?weapons?|biochemical weapons?|nerve agents?|sarin|anthrax|ricin|mustard gas|weapons? of mass destruction|pandemic|pathogens?|bioterror\w*)\b"""),
        (HarmCategory.ChildSexualExploitation, """\b(child porn\w*|child sexual|csam|pedophil\w*|paedophil\w*|groom(ing)? (a )?(minor|child)\w*|(minor|minors|underage|child|children)\b.{0,40}\b(sexual\w*|explicit|nude|porn\w*))\b"""),
        (HarmCategory.SuicideSelfHarm, """\b(suicid\w*|self-?harm\w*|kill (myself|yourself|themselves)|end my life|cut myself|anorexi\w*|bulimi\w*|starve (myself|yourself)|eating disorders?|overdose|purg(e|ing) after|make myself (throw up|vomit)|laxatives? for weight loss|dangerously low-calorie)\b"""),
        (HarmCategory.SexRelatedCrimes, """\b(rape\w*|sexual(ly)? assault\w*|sex trafficking|prostitut\w*|revenge porn|molest\w*|sexual harassment|non-?consensual|without (their|her|his) consent.{0,30}(sex|explicit|intimate|nude))\b"""),
        (HarmCategory.SexualContent, """\b(porn\w*|erotic\w*|sexually explicit|explicit sexual|explicit content|nude\w*|naked|sex scene|sexual (story|fantasy|content|act\w*|intimacy))\b"""),
        (HarmCategory.Hate, """\b(racis\w*|hate speech|hateful|ethnic\w*|religio\w*|minorit\w*|jew\w*|muslims?|black people|immigrants?|lgbt\w*|gay|lesbians?|transgender|women are|discriminat\w*|white supremac\w*|slurs?|inferior|stereotyp\w*|xenophob\w*|antisemit\w*|homophob\w*|misogyn\w*)\b"""),
        (HarmCategory.ViolentCrimes, """\b(kill\w*|murder\w*|assault\w*|torture\w*|kidnap\w*|terroris\w*|shoot\w*|stab\w*|poison\w*|violen\w*|assassinat\w*|hurt (someone|somebody|people|them|him|her)|physically harm\w*|mass shooting|genocide|animal cruelty|abuse (a |an )?(animal|pet|dog|cat)s?)\b"""),
        (HarmCategory.NonViolentCrimes, """\b(hack\w*|steal\w*|stole|theft|fraud\w*|scam\w*|launder\w*|counterfeit\w*|drugs?|cocaine|meth\w*|heroin|fentanyl|smuggl\w*|phishing|malware|ransomware|virus(es)?|trojans?|keylogger\w*|botnet\w*|spyware|exploit(ing)? (a )?vulnerabilit\w*|identity theft|tax evasion|evade taxes|insider trading|manipulat\w* (the )?(stock|market)\w*|bribe\w*|illegal\w*|dark web|shoplift\w*|embezzl\w*|forg(e|ed|ery)|fake (id|identity|passport)\w*|trafficking|extort\w*|blackmail\w*|break into|ponzi|pyramid scheme|social engineering|steal\w* passwords?|threat(en)?\w*|intimidat\w*)\b"""),
        (HarmCategory.Defamation, """\b(defam\w*|libel\w*|slander\w*|ruin (his|her|their|someone's)? ?reputation|damage\w* (the |their |his |her )?reputation|fake (negative )?reviews?|false (rumou?rs?|accusations?|allegations?)|spread rumou?rs)\b"""),
        (HarmCategory.Privacy, """\b(personal information|private information|doxx?\w*|track\w* (someone|a person|their|his|her)\w*|spy(ing)? on|(cyber)?stalk\w*|surveil\w*|social security number|home address|phone number|medical records?|without (their|his|her) (consent|knowledge|permission)|monitor\w* (someone|my (wife|husband|partner|neighbou?r))|personal data|private (photos|messages|emails))\b"""),
        (HarmCategory.IntellectualProperty, """\b(copyright\w*|pira(te|cy|ted|ting)|plagiar\w*|trademark\w*|patent\w*|torrent\w*|intellectual property|drm|digital rights management|paywall\w*|crack(ed)? (software|games?))\b"""),
        (HarmCategory.Elections, """\b(elections?|vot(e|es|ers?|ing)|ballots?|polling (station|place)s?|electoral|candidates?|campaign finance|political campaign\w*|disenfranchis\w*)\b"""),
        (HarmCategory.SpecializedAdvice, """\b(without (a )?prescription|dosage|self-?medicat\w*|medical advice|legal advice|financial advice|diagnos\w*|surgery on myself|my own (appendectomy|surgery|stitches)|invest (all|my)|tax (loophole|planning)\w*|guaranteed returns?)\b"""),
        (HarmCategory.CodeInterpreterAbuse, """(rm -rf|fork ?bomb|container escape|sandbox escape|escape the sandbox|privilege escalation|reverse shell|/etc/(passwd|shadow)|os\.system|subprocess|denial[- ]of[- ]service|\bddos\b|crypto-?currency mining|cryptominer|keylogging|cookie theft|memory scanning)"""),
        (HarmCategory.Jailbreak, """\b(jailbreak\w*|developer mode|\bDAN\b|do anything now|no (ethical |moral )?(restrictions|guidelines|filters)|unfiltered|uncensored|ignore (all )?(your )?(ethical|safety) (guidelines|rules))\b"""),
        (HarmCategory.PromptInjection, """\b(ignore (all )?(the )?(previous|above|prior) (instructions|prompts?)|system prompt|forget (all )?(your|the|previous) instructions|disregard (the|all|previous) (instructions|above))\b"""),
    ];

    private static readonly Dictionary<string, Regex> Regexes = Table.ToDictionary(t => t.Category.Id, t => new Regex(t.Pattern, Options), StringComparer.Ordinal);

    /// <summary>The categories a harmful-request source may receive from keywords: all but jailbreak and prompt injection (<c>HARM_KW_CATS</c>).</summary>
    public static IReadOnlyList<HarmCategory> HarmCategories { get; } =
        [.. HarmCategory.All.Where(c => c != HarmCategory.Jailbreak && c != HarmCategory.PromptInjection)];

    /// <summary>Keyword categories that may be added to a source's own label (<c>REFINE</c>): they limit keyword noise on strong labels.</summary>
    public static IReadOnlyList<HarmCategory> RefinementCategories { get; } =
    [
        HarmCategory.IndiscriminateWeapons, HarmCategory.ChildSexualExploitation, HarmCategory.SexRelatedCrimes, HarmCategory.Elections,
        HarmCategory.SuicideSelfHarm, HarmCategory.Privacy, HarmCategory.IntellectualProperty, HarmCategory.Defamation,
    ];

    /// <summary>The regular expression of a category.</summary>
    public static Regex PatternOf(HarmCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return Regexes[category.Id];
    }

    /// <summary>The categories among <paramref name="allowed"/> (default <see cref="HarmCategories"/>) whose keywords occur in the text, in taxonomy order (<c>kw_cats</c>).</summary>
    public static IReadOnlyList<HarmCategory> Match(string text, IReadOnlyList<HarmCategory>? allowed = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        allowed ??= HarmCategories;
        List<HarmCategory>? found = null;
        foreach (var c in HarmCategory.All)
        {
            if (allowed.Contains(c) && Regexes[c.Id].IsMatch(text))
            {
                (found ??= []).Add(c);
            }
        }

        return found is null ? [] : found;
    }
}
