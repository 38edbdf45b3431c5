using AlignLab.Constitutions;

namespace AlignLab.Runtime.Detectors;

/// <summary>What a detector is asked to score.</summary>
/// <param name="Text">The text to score: a user turn, retrieved content, or (part of) a response.</param>
/// <param name="Stage">Where in the exchange the text comes from.</param>
public sealed record GuardRequest(string Text, PolicyStage Stage)
{
    /// <summary>When <see cref="Text"/> is a response: the user prompt it answers (judges read both).</summary>
    public string? Prompt { get; init; }

    /// <summary>The active context (educational, professional, …), if any.</summary>
    public string? Context { get; init; }

    /// <summary>The active user profile, if any.</summary>
    public string? Profile { get; init; }
}
