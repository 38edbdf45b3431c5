using System.Text;

namespace AlignLab.Evaluation.Bbq;

/// <summary>The user message sent for a BBQ item: context, question, the three options as A–C, and how to answer (zero-shot).</summary>
public static class BbqPrompts
{
    /// <summary>The prompt for <paramref name="item"/>.</summary>
    public static string For(BbqItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var sb = new StringBuilder(item.Context).Append('\n').Append(item.Question).Append("\n\n");
        for (var i = 0; i < item.Answers.Length; i++)
        {
            sb.Append((char)('A' + i)).Append(") ").Append(item.Answers[i]).Append('\n');
        }

        return sb.Append("\nAnswer with the letter of the correct option, as \"Answer: <letter>\".").ToString();
    }
}
