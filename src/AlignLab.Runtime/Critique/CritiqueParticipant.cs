namespace AlignLab.Runtime.Critique;

/// <summary>Which model of a critique→revision run failed.</summary>
public enum CritiqueParticipant
{
    /// <summary>The critic.</summary>
    Critic = 0,

    /// <summary>The reviser.</summary>
    Reviser = 1,
}
