using System.Text;

namespace AlignLab.Evaluation.Capability;

/// <summary>The user message sent to the system under test for each capability item (zero-shot, plain instructions).</summary>
public static class CapabilityPrompts
{
    /// <summary>The prompt for <paramref name="item"/>.</summary>
    public static string For(CapabilityItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        switch (item.Task)
        {
            case CapabilityTasks.Gsm8k:
                return item.Question + "\n\nSolve the problem step by step, then give the final answer on its own line as \"The answer is <number>\".";
            case CapabilityTasks.TruthfulQaMc:
                var sb = new StringBuilder(item.Question).Append("\n\n");
                for (var i = 0; i < item.Options.Length; i++)
                {
                    sb.Append((char)('A' + i)).Append(") ").Append(item.Options[i]).Append('\n');
                }

                return sb.Append("\nChoose the true answer. Reply with \"Answer: <letter>\".").ToString();
            case CapabilityTasks.HumanEval:
                return "Complete the following Python function. Reply with the whole function (signature included) in one ```python code block.\n\n```python\n" + item.Question + "```";
            default:
                return item.Question;
        }
    }
}
