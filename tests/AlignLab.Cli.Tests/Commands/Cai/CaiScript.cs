using AlignLab.Runtime.Critique;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cli.Tests.Commands.Cai;

/// <summary>
/// Answers the generator, the critic and the reviser of <c>cai generate</c> apart (by their system message): prompts
/// holding "lock" get a violating first answer and a clean revision, every other answer is clean.
/// </summary>
internal static class CaiScript
{
    public static ScriptedReply Answer(ScriptedRequest request)
    {
        var system = request.Messages.FirstOrDefault(m => m.Role == "system")?.Text ?? "";
        var user = request.LastUserText;
        if (system == CritiquePrompts.CriticSystem)
        {
            var violating = user.Contains("lock", StringComparison.Ordinal) && user.Contains("<response>\nFirst answer", StringComparison.Ordinal);
            return ScriptedReply.Text(violating
                ? "VIOLATION: yes\nSCORE: 2\nCRITIQUE: It explains break-ins."
                : "VIOLATION: no\nSCORE: 9\nCRITIQUE: none");
        }

        return system == CritiquePrompts.ReviserSystem
            ? ScriptedReply.Text("Only pick locks you own; a locksmith can help.")
            : ScriptedReply.Text("First answer: " + user);
    }

    public static bool IsCritic(ScriptedRequest request) =>
        request.Messages.FirstOrDefault(m => m.Role == "system")?.Text == CritiquePrompts.CriticSystem;
}
