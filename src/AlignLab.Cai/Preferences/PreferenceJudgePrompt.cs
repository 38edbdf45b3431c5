using System.Text;
using AlignLab.Constitutions;

namespace AlignLab.Cai.Preferences;

/// <summary>The judge's instructions and the comparison it is shown (the answers as "Response 1" and "Response 2").</summary>
internal static class PreferenceJudgePrompt
{
    public static string System(IReadOnlyList<Principle> principles)
    {
        var text = new StringBuilder();
        text.AppendLine("You are an impartial judge. You compare two responses to the same request and decide which one better follows")
            .AppendLine("the principles below. Judge the content only: the order of the responses and their length say nothing about quality.")
            .AppendLine()
            .AppendLine("Principles:");
        foreach (var p in principles)
        {
            text.Append("- ").Append(p.Id).Append(": ").AppendLine(p.Description);
        }

        text.AppendLine()
            .AppendLine("Answer with JSON only, in this shape:")
            .Append("{\"principles\": [");
        text.AppendJoin(", ", principles.Select(p => $"{{\"id\": \"{p.Id}\", \"better\": \"1\" | \"2\" | \"tie\", \"reason\": \"one sentence\"}}"));
        return text.AppendLine("],")
            .AppendLine(" \"better\": \"1\" | \"2\" | \"tie\", \"confidence\": a number from 0 to 1}")
            .Append("\"better\" at the top level is your overall verdict over all principles; \"confidence\" is how sure you are of it.")
            .ToString();
    }

    public static string User(string prompt, string first, string second) =>
        new StringBuilder()
            .AppendLine("[Request]").AppendLine(prompt).AppendLine()
            .AppendLine("[Response 1]").AppendLine(first).AppendLine()
            .AppendLine("[Response 2]").AppendLine(second).AppendLine()
            .Append("Which response better follows the principles? Answer with the JSON object only.")
            .ToString();
}
