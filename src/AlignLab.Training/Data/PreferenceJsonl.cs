using System.Text.Json;

namespace AlignLab.Training.Data;

/// <summary>
/// Reads preference pairs, one JSON object a line: <c>{"prompt", "chosen", "rejected"}</c> as strings (the shape
/// <c>cai generate</c> and <c>prefs label</c> write to pairs.jsonl, and TRL's explicit-prompt shape; other fields such as
/// <c>id</c> and <c>source</c> are ignored), or Anthropic HH's <c>{"chosen", "rejected"}</c> transcripts, whose prompt is
/// the text both share up to their last <c>"\n\nAssistant:"</c>. Bad lines (not JSON, a missing or empty answer, the
/// same answer twice) are reported as <c>FILE:LINE: problem</c> and skipped; blank lines are ignored.
/// </summary>
public static class PreferenceJsonl
{
    private const string AssistantTurn = "\n\nAssistant:";

    /// <summary>The usable pairs and one message per skipped line.</summary>
    public static (IReadOnlyList<PreferenceExample> Pairs, IReadOnlyList<string> Problems) Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>As <see cref="Read(string)"/>, from a reader; <paramref name="name"/> prefixes the problems.</summary>
    public static (IReadOnlyList<PreferenceExample> Pairs, IReadOnlyList<string> Problems) Read(TextReader reader, string name)
    {
        return JsonlLines.Read<PreferenceExample>(reader, name, Parse);
    }

    private static (PreferenceExample? Pair, string? Problem) Parse(string line, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return (null, "not valid JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "a line must be a JSON object with \"prompt\", \"chosen\" and \"rejected\"");
            }

            var chosen = Text(root, "chosen");
            var rejected = Text(root, "rejected");
            if (chosen is null || rejected is null)
            {
                return (null, "\"chosen\" and \"rejected\" must both be strings");
            }

            string prompt;
            if (root.TryGetProperty("prompt", out var p))
            {
                if (p.ValueKind != JsonValueKind.String)
                {
                    return (null, "\"prompt\" must be a string (conversational prompt lists are not read yet)");
                }

                prompt = p.GetString()!;
            }
            else
            {
                (prompt, chosen, rejected) = SplitTranscripts(chosen, rejected);
            }

            if (chosen.Trim().Length == 0 || rejected.Trim().Length == 0)
            {
                return (null, $"the {(chosen.Trim().Length == 0 ? "chosen" : "rejected")} answer is empty");
            }

            return string.Equals(chosen, rejected, StringComparison.Ordinal)
                ? (null, "the chosen and rejected answers are the same")
                : (new PreferenceExample(prompt, chosen, rejected, number), null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An HH pair as prompt (the shared transcript up to its last assistant turn) and the two last answers.</summary>
    internal static (string Prompt, string Chosen, string Rejected) SplitTranscripts(string chosen, string rejected)
    {
        var common = 0;
        var max = Math.Min(chosen.Length, rejected.Length);
        while (common < max && chosen[common] == rejected[common])
        {
            common++;
        }

        var cut = chosen.LastIndexOf(AssistantTurn, Math.Max(0, Math.Min(common, chosen.Length - 1)), StringComparison.Ordinal);
        if (cut < 0)
        {
            return ("", chosen.Trim(), rejected.Trim());
        }

        var prompt = chosen[..cut].Trim();
        return (prompt, chosen[(cut + AssistantTurn.Length)..].Trim(), rejected[(cut + AssistantTurn.Length)..].Trim());
    }
}
