using System.Text;

namespace AlignLab.Adversarial;

/// <summary>Randomly upper- or lower-cases every letter ("hOw dO I BaKE bReAd").</summary>
/// <remarks>
/// Only letters in the Basic Multilingual Plane whose case mapping is one character are touched, so surrogate pairs are never
/// split and the length never changes. When the coin flips happen to leave a text with a changeable letter unchanged, the
/// first such letter is flipped, so the output differs from the input whenever it can.
/// </remarks>
public sealed class CaseNoiseTransform : IPromptTransform
{
    /// <inheritdoc />
    public string Name => "case_noise";

    /// <inheritdoc />
    public string Apply(string prompt, Random random)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var sb = new StringBuilder(prompt.Length);
        var changed = false;
        var firstChangeable = -1;
        foreach (var c in prompt)
        {
            if (char.IsSurrogate(c) || !char.IsLetter(c))
            {
                sb.Append(c);
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            var lower = char.ToLowerInvariant(c);
            if (upper == lower)
            {
                sb.Append(c);
                continue;
            }

            if (firstChangeable < 0)
            {
                firstChangeable = sb.Length;
            }

            var next = random.Next(2) == 0 ? lower : upper;
            changed |= next != c;
            sb.Append(next);
        }

        if (!changed && firstChangeable >= 0)
        {
            var c = sb[firstChangeable];
            var upper = char.ToUpperInvariant(c);
            sb[firstChangeable] = c == upper ? char.ToLowerInvariant(c) : upper;
        }

        return sb.ToString();
    }
}
