using System.Text;

namespace AlignLab.Adversarial;

/// <summary>Swaps Latin letters for Cyrillic and Greek look-alikes at a given rate.</summary>
public sealed class HomoglyphTransform(double rate = 0.5) : IPromptTransform
{
    private static readonly Dictionary<char, char[]> LookAlikes = new()
    {
        ['a'] = ['\u0430', '\u03B1'],
        ['c'] = ['\u0441', '\u03F2'],
        ['e'] = ['\u0435'],
        ['i'] = ['\u0456', '\u03B9'],
        ['j'] = ['\u0458'],
        ['k'] = ['\u03BA'],
        ['o'] = ['\u043E', '\u03BF'],
        ['p'] = ['\u0440', '\u03C1'],
        ['s'] = ['\u0455'],
        ['x'] = ['\u0445', '\u03C7'],
        ['y'] = ['\u0443'],
        ['h'] = ['\u04BB'],
        ['A'] = ['\u0410', '\u0391'],
        ['B'] = ['\u0412', '\u0392'],
        ['E'] = ['\u0415', '\u0395'],
        ['H'] = ['\u041D', '\u0397'],
        ['K'] = ['\u041A', '\u039A'],
        ['M'] = ['\u041C', '\u039C'],
        ['O'] = ['\u041E', '\u039F'],
        ['P'] = ['\u0420', '\u03A1'],
        ['T'] = ['\u0422', '\u03A4'],
        ['X'] = ['\u0425', '\u03A7'],
    };

    public string Name => "homoglyph";

    public string Apply(string prompt, Random random)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var sb = new StringBuilder(prompt.Length);
        foreach (var c in prompt)
        {
            if (LookAlikes.TryGetValue(c, out var options) && random.NextDouble() < rate)
            {
                sb.Append(options[random.Next(options.Length)]);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
