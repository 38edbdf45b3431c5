using System.Text.Json;

namespace AlignLab.Training.Data;

/// <summary>
/// Reads SFT data in TRL's shapes, one JSON object a line: <c>{"messages": [{"role", "content"}, …]}</c> (as
/// <c>cai generate</c> writes sft.jsonl) or <c>{"prompt": "…", "completion": "…"}</c> (a user turn and an assistant turn).
/// Bad lines are reported as <c>FILE:LINE: problem</c> and skipped; blank lines are ignored.
/// </summary>
public static class SftJsonl
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant" };

    /// <summary>The usable examples and one message per skipped line.</summary>
    public static (IReadOnlyList<SftExample> Examples, IReadOnlyList<string> Problems) Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>As <see cref="Read(string)"/>, from a reader; <paramref name="name"/> prefixes the problems.</summary>
    public static (IReadOnlyList<SftExample> Examples, IReadOnlyList<string> Problems) Read(TextReader reader, string name)
    {
        return JsonlLines.Read<SftExample>(reader, name, Parse);
    }

    private static (SftExample? Example, string? Problem) Parse(string line, int number)
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
                return (null, "a line must be a JSON object with \"messages\" or \"prompt\" and \"completion\"");
            }

            List<SftMessage> messages;
            if (root.TryGetProperty("messages", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    return (null, "\"messages\" is not a list");
                }

                messages = [];
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object
                        || !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                        || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                    {
                        return (null, $"messages[{index}] needs string \"role\" and \"content\"");
                    }

                    if (!Roles.Contains(role.GetString()!))
                    {
                        return (null, $"messages[{index}] has role '{role.GetString()}' (expected system, user or assistant)");
                    }

                    messages.Add(new SftMessage(role.GetString()!, content.GetString()!));
                    index++;
                }
            }
            else if (root.TryGetProperty("prompt", out var prompt) && root.TryGetProperty("completion", out var completion))
            {
                if (prompt.ValueKind != JsonValueKind.String || completion.ValueKind != JsonValueKind.String)
                {
                    return (null, "\"prompt\" and \"completion\" must be strings here (conversational prompt lists: use \"messages\")");
                }

                messages = [new SftMessage("user", prompt.GetString()!), new SftMessage("assistant", completion.GetString()!)];
            }
            else
            {
                return (null, "no \"messages\" list and no \"prompt\"/\"completion\" pair");
            }

            if (!messages.Any(m => m.Role == "assistant" && m.Content.Length > 0))
            {
                return (null, "no non-empty assistant turn to learn from");
            }

            return (new SftExample(messages, number), null);
        }
    }
}
