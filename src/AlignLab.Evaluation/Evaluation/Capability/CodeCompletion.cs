using System.Text;

namespace AlignLab.Evaluation.Capability;

/// <summary>Turns a model's reply to a HumanEval prompt into a program that runs the item's tests.</summary>
public static class CodeCompletion
{
    /// <summary>
    /// The code in the reply: the first fenced block (```python or ```), else the whole reply when it looks like code.
    /// Returns "" when there is nothing to run.
    /// </summary>
    public static string ExtractCode(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return "";
        }

        var fence = reply.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var start = reply.IndexOf('\n', fence);
            if (start >= 0)
            {
                var end = reply.IndexOf("```", start + 1, StringComparison.Ordinal);
                return (end < 0 ? reply[(start + 1)..] : reply[(start + 1)..end]).TrimEnd() + "\n";
            }
        }

        return reply.Contains("def ", StringComparison.Ordinal) || reply.Contains("return", StringComparison.Ordinal) ? reply.TrimEnd() + "\n" : "";
    }

    /// <summary>
    /// The program to execute: the item's prompt (imports, helpers and signature), then the extracted code (which,
    /// when it defines the entry point, replaces the prompt's stub; otherwise it is taken as the function's body),
    /// then the tests and <c>check(entry_point)</c>.
    /// </summary>
    public static string BuildProgram(CapabilityItem item, string code)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(code);
        if (item.EntryPoint is null || item.Test is null)
        {
            throw new ArgumentException($"{item.Id} is not a HumanEval item (no entry point or test)", nameof(item));
        }

        var sb = new StringBuilder();
        if (code.Contains("def " + item.EntryPoint + "(", StringComparison.Ordinal))
        {
            // A whole function: keep the prompt's imports and helpers, then the model's definition wins.
            sb.Append(item.Question).Append("    pass\n\n").Append(code);
        }
        else
        {
            sb.Append(item.Question).Append(code);
        }

        return sb.Append("\n\n").Append(item.Test).Append("\n\ncheck(").Append(item.EntryPoint).Append(")\n").ToString();
    }
}
