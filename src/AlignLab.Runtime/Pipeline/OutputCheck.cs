using AlignLab.Constitutions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>The result of the post-generation stage.</summary>
/// <param name="Action">The most protective action of all output checks.</param>
/// <param name="Text">The text to return: the (revised, redacted, annotated) answer, or the refusal message.</param>
public sealed record OutputCheck(AlignmentAction Action, string Text)
{
    /// <summary>True when the answer was replaced by a refusal.</summary>
    public bool IsTerminal => Action.IsTerminal();

    /// <summary>Text to append to an answer that was already streamed (disclaimers and warnings), or empty.</summary>
    public string Appendix { get; init; } = "";
}
