using AlignLab.Diagnostics;

namespace AlignLab.Adversarial;

/// <summary>The built-in transforms by name, and the groups the CLI accepts.</summary>
public static class PromptTransforms
{
    /// <summary>The obfuscation transforms the normaliser is expected to undo (used for classifier robustness checks).</summary>
    public static IReadOnlyList<IPromptTransform> Obfuscations { get; } =
    [
        new LeetspeakTransform(),
        new HomoglyphTransform(),
        new ZeroWidthTransform(),
        new CharacterSpacingTransform(),
        new Base64Transform(),
    ];

    /// <summary>
    /// Transforms after which the request no longer appears as written and the model is asked to reconstruct it:
    /// base64, hex, rot13 and payload splitting.
    /// </summary>
    public static IReadOnlyList<IPromptTransform> Encodings { get; } =
    [
        new Base64Transform(),
        new HexTransform(),
        new Rot13Transform(),
        new PayloadSplittingTransform(),
    ];

    /// <summary>
    /// Transforms that keep the request verbatim and wrap it in text meant to talk the model into answering: role play,
    /// hypothetical framing, jailbreak templates, refusal suppression, indirect prompt injection and many-shot priming.
    /// </summary>
    public static IReadOnlyList<IPromptTransform> Framings { get; } =
    [
        new RolePlayTransform(),
        new HypotheticalTransform(),
        new JailbreakTemplateTransform(),
        new RefusalSuppressionTransform(),
        new PromptInjectionTransform(),
        new ManyShotTransform(),
    ];

    /// <summary>Every built-in transform, each once: the obfuscations, case noise, the other encodings, then the framings.</summary>
    public static IReadOnlyList<IPromptTransform> All { get; } =
    [
        .. Obfuscations,
        new CaseNoiseTransform(),
        .. Encodings.Where(e => !Obfuscations.Any(o => o.Name == e.Name)),
        .. Framings,
    ];

    private static readonly string[] GroupNames = ["all", "obfuscations", "encodings", "framings"];

    /// <summary>The group names <see cref="Parse"/> accepts, with their members.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<IPromptTransform>> Groups { get; } = new Dictionary<string, IReadOnlyList<IPromptTransform>>(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = All,
        ["obfuscations"] = Obfuscations,
        ["encodings"] = Encodings,
        ["framings"] = Framings,
    };

    /// <summary>Finds a transform by name (case-insensitive) among <see cref="All"/>.</summary>
    public static IPromptTransform? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Parses a comma-separated list of transform and group names (<c>all</c>, <c>obfuscations</c>, <c>encodings</c>,
    /// <c>framings</c>), case-insensitive, for the CLI. The result follows the order of the list, each transform once
    /// (the instances of <see cref="All"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    /// <exception cref="FormatException">The list is empty or names an unknown transform; the message names each one and suggests the closest name.</exception>
    public static IReadOnlyList<IPromptTransform> Parse(string list) =>
        TryParse(list, out var transforms, out var error) ? transforms : throw new FormatException(error);

    /// <summary>As <see cref="Parse"/>, returning false and an error message (naming every unknown name) instead of throwing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is null.</exception>
    public static bool TryParse(string list, out IReadOnlyList<IPromptTransform> transforms, out string? error)
    {
        ArgumentNullException.ThrowIfNull(list);
        var chosen = new List<IPromptTransform>();
        var unknown = new List<string>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            IEnumerable<IPromptTransform> members;
            if (Groups.TryGetValue(item, out var group))
            {
                members = group.Select(g => Find(g.Name)!);
            }
            else if (Find(item) is { } single)
            {
                members = [single];
            }
            else
            {
                unknown.Add(item);
                continue;
            }

            foreach (var t in members)
            {
                if (!chosen.Contains(t))
                {
                    chosen.Add(t);
                }
            }
        }

        var known = "transforms: " + string.Join(", ", All.Select(t => t.Name)) + "; groups: " + string.Join(", ", GroupNames);
        if (unknown.Count > 0)
        {
            string[] candidates = [.. All.Select(t => t.Name), .. GroupNames];
            var parts = unknown.Select(u => $"unknown transform '{u}'" + (Suggestions.Closest(u, candidates) is { } s ? $" (did you mean '{s}'?)" : ""));
            error = string.Join("; ", parts) + "; known " + known;
            transforms = [];
            return false;
        }

        if (chosen.Count == 0)
        {
            error = "no transforms given; expected a comma-separated list of " + known;
            transforms = [];
            return false;
        }

        error = null;
        transforms = chosen;
        return true;
    }

    /// <summary>A deterministic random source for one case: the same seed, transform and case id always give the same rewrite.</summary>
    public static Random RandomFor(int seed, string transform, string caseId)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(caseId);
        var h = (uint)seed;
        foreach (var c in transform + "\u0000" + caseId)
        {
            h = (h ^ c) * 16777619u;
        }

        return new Random((int)h);
    }
}
