using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline;

/// <summary>The result of the pre-generation stage.</summary>
/// <param name="Action">The most protective action of all input checks.</param>
/// <param name="Message">The reply to send instead of calling the model, when <see cref="IsTerminal"/>.</param>
/// <param name="Messages">The messages to send to the model (possibly with guidance added, user text redacted, injected tool content removed).</param>
/// <param name="Prompt">The user's turn as checked.</param>
public sealed record InputCheck(AlignmentAction Action, string? Message, IReadOnlyList<ChatMessage> Messages, string Prompt)
{
    /// <summary>True when the model must not be called.</summary>
    public bool IsTerminal => Action.IsTerminal();

    /// <summary>Disclaimers the input asked for, appended to the answer.</summary>
    public IReadOnlyList<string> Disclaimers { get; init; } = [];

    /// <summary>Warnings the input asked for, appended to the answer.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
