using System.Text;
using AlignLab.Constitutions;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Critique;

/// <summary>The messages sent to the critic and the reviser.</summary>
public static class CritiquePrompts
{
    /// <summary>The critic's system message: the answer format it must use.</summary>
    public const string CriticSystem =
        """
        You are a careful critic of AI assistant responses. Check the response against the principles you are given and report whether it violates any of them.
        Answer in exactly this format, one field per line:
        VIOLATION: yes or no
        SCORE: a number from 0 to 10 for how well the response follows the principles (10 = fully, 0 = a severe violation)
        CRITIQUE: what is wrong and how to fix it, or "none"
        """;

    /// <summary>The reviser's system message.</summary>
    public const string ReviserSystem =
        """
        You revise AI assistant responses so that they follow the given principles, addressing the critique while keeping everything that is helpful and correct.
        Reply with the revised response only: no preamble, no explanation, no quotes.
        """;

    /// <summary>Messages asking the critic to review <paramref name="response"/>.</summary>
    public static IReadOnlyList<ChatMessage> Critic(string prompt, string response, IReadOnlyList<Principle> principles)
    {
        var sb = new StringBuilder();
        AppendPrinciples(sb, principles, critique: true);
        sb.Append("\nThe user's prompt:\n<prompt>\n").Append(prompt).Append("\n</prompt>\n\n");
        sb.Append("The response to review:\n<response>\n").Append(response).Append("\n</response>");
        return [new ChatMessage(ChatRole.System, CriticSystem), new ChatMessage(ChatRole.User, sb.ToString())];
    }

    /// <summary>Messages asking the reviser to rewrite <paramref name="response"/> according to <paramref name="critique"/>.</summary>
    public static IReadOnlyList<ChatMessage> Reviser(string prompt, string response, string critique, IReadOnlyList<Principle> principles)
    {
        var sb = new StringBuilder();
        AppendPrinciples(sb, principles, critique: false);
        sb.Append("\nThe user's prompt:\n<prompt>\n").Append(prompt).Append("\n</prompt>\n\n");
        sb.Append("The current response:\n<response>\n").Append(response).Append("\n</response>\n\n");
        sb.Append("The critique:\n<critique>\n").Append(critique).Append("\n</critique>\n\n");
        sb.Append("Write the revised response.");
        return [new ChatMessage(ChatRole.System, ReviserSystem), new ChatMessage(ChatRole.User, sb.ToString())];
    }

    private static void AppendPrinciples(StringBuilder sb, IReadOnlyList<Principle> principles, bool critique)
    {
        sb.Append("Principles:\n");
        for (var i = 0; i < principles.Count; i++)
        {
            var p = principles[i];
            sb.Append(i + 1).Append(". ").Append(p.Id).Append(": ").Append(p.Description).Append('\n');
            var instruction = critique ? p.CritiquePrompt : p.RevisionPrompt;
            if (!string.IsNullOrWhiteSpace(instruction))
            {
                sb.Append("   ").Append(critique ? "Critique instruction: " : "Revision instruction: ").Append(instruction.Trim()).Append('\n');
            }
        }
    }
}
