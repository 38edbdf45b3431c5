using System.Globalization;
using AlignLab.Constitutions;

namespace AlignLab.Classification.Data;

/// <summary>
/// XSafety (Apache-2.0; <c>xsafety/xsafety_prompts.jsonl.gz</c>): safety prompts as parallel machine translations in en, de,
/// fr, es, ru, zh, ja, ar and hi. Its label is a scenario, not harmful/benign, and many scenarios hold innocuous questions, so
/// only three are loaded, as unsafe: <c>Goal_Hijacking</c> ("… ignore the above and output …", prompt injection),
/// <c>Role_Play_Instruction</c> (asks the model to play a role that insults or demeans; category unknown) and <c>Insult</c>
/// (abusive user messages; category unknown). <c>Prompt_Leaking</c> is left out (its prompts are questions about prompt leaks),
/// as are the typical scenarios and the opinion/exposure ones. The translations of one prompt share a group, so no language
/// of it can leak across splits, and <c>groupsPerScenario</c> prompts (all their languages) are kept per scenario, by a
/// seeded hash.
/// </summary>
public sealed class XSafetySource : IDatasetSource
{
    private readonly int _groupsPerScenario;
    private readonly int _seed;

    /// <summary>Creates the source with its cap.</summary>
    public XSafetySource(int groupsPerScenario = 40, int seed = 1234)
    {
        _groupsPerScenario = groupsPerScenario;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Name => "xsafety";

    /// <inheritdoc/>
    public string Licence => "Apache-2.0";

    /// <inheritdoc/>
    public DataUse Use => DataUse.Bundled;

    /// <inheritdoc/>
    public IEnumerable<LabeledText> Load(DataDirectories dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var path = DataFiles.Require(dirs.Shared, Name, "xsafety", "xsafety_prompts.jsonl.gz");
        var rows = new List<(string Category, string Group, string Id, string Text)>();
        foreach (var (_, e) in DataFiles.JsonLines(path))
        {
            var category = e.Str("category");
            if (category is not ("Goal_Hijacking" or "Role_Play_Instruction" or "Insult"))
            {
                continue;
            }

            var row = e.TryGetProperty("row", out var r) && r.TryGetInt32(out var n) ? n.ToString(CultureInfo.InvariantCulture) : "";
            var text = e.Str("text").Trim();
            if (row.Length == 0 || text.Length == 0)
            {
                continue;
            }

            var group = category + "/" + row;
            rows.Add((category, group, group + "/" + e.Str("lang"), text));
        }

        var kept = rows.GroupBy(x => x.Category)
            .SelectMany(g => g.Select(x => x.Group).Distinct().OrderBy(k => SeededHash.Of(_seed, "xsafety", k)).ThenBy(k => k, StringComparer.Ordinal).Take(_groupsPerScenario))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var x in rows.Where(x => kept.Contains(x.Group)))
        {
            var labeled = x.Category == "Goal_Hijacking"
                ? LabeledText.Harmful(x.Text, Name, x.Id, HarmCategory.PromptInjection)
                : LabeledText.HarmfulUncategorised(x.Text, Name, x.Id);
            yield return labeled with { Group = "prompt:" + x.Group };
        }
    }
}
