namespace AlignLab.Adversarial;

/// <summary>The built-in transforms by name.</summary>
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

    /// <summary>Finds a transform by name (case-insensitive).</summary>
    public static IPromptTransform? Find(string name) =>
        Obfuscations.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

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
