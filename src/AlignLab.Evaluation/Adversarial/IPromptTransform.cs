namespace AlignLab.Adversarial;

/// <summary>
/// An adversarial rewrite of a prompt (obfuscation, encoding, framing). Deterministic for a given
/// <see cref="Random"/> state, so that a seeded run can be reproduced case by case.
/// </summary>
public interface IPromptTransform
{
    /// <summary>Stable name used in CLI options and reports (e.g. "leetspeak").</summary>
    string Name { get; }

    /// <summary>Rewrites <paramref name="prompt"/>. Never throws for any string.</summary>
    string Apply(string prompt, Random random);
}
