using AlignLab.Runtime.Critique;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Cai.Tests.Support;

/// <summary>
/// A <see cref="ScriptedModelServer"/> script that tells the generator's, the critic's and the reviser's requests apart
/// by their system message and answers each from a function of the user's prompt (found in the request).
/// </summary>
internal sealed class CaiServerScript
{
    /// <summary>The generator's answer to a prompt.</summary>
    public Func<string, ScriptedReply> Generator { get; init; } = prompt => ScriptedReply.Text("Initial answer to " + prompt);

    /// <summary>The critic's answer, given the prompt and the response it reviews.</summary>
    public Func<string, string, ScriptedReply> Critic { get; init; } = (_, _) => ScriptedReply.Text(Verdict(false, 9));

    /// <summary>The reviser's answer, given the prompt and the response it rewrites.</summary>
    public Func<string, string, ScriptedReply> Reviser { get; init; } = (prompt, _) => ScriptedReply.Text("Revised answer to " + prompt);

    /// <summary>A critic verdict in the format the engine parses.</summary>
    public static string Verdict(bool violation, double score, string critique = "It gives harmful detail.") =>
        $"VIOLATION: {(violation ? "yes" : "no")}\nSCORE: {score.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nCRITIQUE: {critique}";

    /// <summary>The script for the server.</summary>
    public ScriptedReply Answer(ScriptedRequest request)
    {
        var system = request.Messages.FirstOrDefault(m => m.Role == "system")?.Text ?? "";
        var user = request.LastUserText;
        if (system == CritiquePrompts.CriticSystem)
        {
            return Critic(Between(user, "<prompt>\n", "\n</prompt>"), Between(user, "<response>\n", "\n</response>"));
        }

        if (system == CritiquePrompts.ReviserSystem)
        {
            return Reviser(Between(user, "<prompt>\n", "\n</prompt>"), Between(user, "<response>\n", "\n</response>"));
        }

        return Generator(user);
    }

    /// <summary>Whether a request is the critic's.</summary>
    public static bool IsCritic(ScriptedRequest request) =>
        request.Messages.FirstOrDefault(m => m.Role == "system")?.Text == CritiquePrompts.CriticSystem;

    /// <summary>Whether a request is the reviser's.</summary>
    public static bool IsReviser(ScriptedRequest request) =>
        request.Messages.FirstOrDefault(m => m.Role == "system")?.Text == CritiquePrompts.ReviserSystem;

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        if (i < 0)
        {
            return "";
        }

        i += start.Length;
        var j = text.IndexOf(end, i, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }
}
