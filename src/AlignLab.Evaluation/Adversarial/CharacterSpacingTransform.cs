using System.Text;

namespace AlignLab.Adversarial;

/// <summary>Spells out some words letter by letter with a separator ("b.o.m.b", "h a c k").</summary>
public sealed class CharacterSpacingTransform(double wordRate = 0.5) : IPromptTransform
{
    private static readonly char[] Separators = [' ', '.', '-', '*'];

    public string Name => "spacing";

    public string Apply(string prompt, Random random)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var sb = new StringBuilder(prompt.Length * 2);
        var i = 0;
        while (i < prompt.Length)
        {
            if (!char.IsLetter(prompt[i]))
            {
                sb.Append(prompt[i++]);
                continue;
            }

            var start = i;
            while (i < prompt.Length && char.IsLetter(prompt[i]))
            {
                i++;
            }

            var word = prompt.AsSpan(start, i - start);
            if (word.Length >= 3 && random.NextDouble() < wordRate)
            {
                var sep = Separators[random.Next(Separators.Length)];
                for (var k = 0; k < word.Length; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(sep);
                    }

                    sb.Append(word[k]);
                }
            }
            else
            {
                sb.Append(word);
            }
        }

        return sb.ToString();
    }
}
