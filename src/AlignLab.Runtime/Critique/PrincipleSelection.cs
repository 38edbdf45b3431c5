namespace AlignLab.Runtime.Critique;

/// <summary>Which principles a critique→revision run samples from. Principles with weight 0 are never sampled.</summary>
public enum PrincipleSelection
{
    /// <summary>Every principle with a positive weight.</summary>
    All = 0,

    /// <summary>Only principles that have a critique prompt.</summary>
    WithCritiquePrompt = 1,
}
