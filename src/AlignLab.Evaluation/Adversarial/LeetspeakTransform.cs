using System.Text;

namespace AlignLab.Adversarial;

/// <summary>Replaces letters with look-alike digits and symbols (a→4, e→3, i→1, o→0, s→5, t→7) at a given rate.</summary>
public sealed class LeetspeakTransform(double rate = 0.6) : IPromptTransform
{
    public string Name => "leetspeak";

    public string Apply(string prompt, Random random)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var sb = new StringBuilder(prompt.Length);
        foreach (var c in prompt)
        {
            var sub = char.ToLowerInvariant(c) switch
            {
                'a' => '4',
                'e' => '3',
                'i' => '1',
                'o' => '0',
                's' => '5',
                't' => '7',
                _ => c,
            };
            sb.Append(sub != c && random.NextDouble() < rate ? sub : c);
        }

        return sb.ToString();
    }
}
