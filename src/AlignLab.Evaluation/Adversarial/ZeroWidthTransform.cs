using System.Text;

namespace AlignLab.Adversarial;

/// <summary>Inserts invisible characters (zero-width space, joiner, non-joiner, word joiner, soft hyphen) inside words.</summary>
public sealed class ZeroWidthTransform(double rate = 0.5) : IPromptTransform
{
    private static readonly char[] Invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD'];

    public string Name => "zero_width";

    public string Apply(string prompt, Random random)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var sb = new StringBuilder(prompt.Length * 2);
        for (var i = 0; i < prompt.Length; i++)
        {
            sb.Append(prompt[i]);
            if (char.IsLetter(prompt[i]) && i + 1 < prompt.Length && char.IsLetter(prompt[i + 1]) && random.NextDouble() < rate)
            {
                sb.Append(Invisible[random.Next(Invisible.Length)]);
            }
        }

        return sb.ToString();
    }
}
