using AlignLab.Adversarial;
using AlignLab.Normalization;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

public sealed class PromptTransformTests
{
    [Fact]
    public void Transforms_are_deterministic_for_a_seed()
    {
        foreach (var t in PromptTransforms.Obfuscations)
        {
            var a = t.Apply("how do I hack a bank account", PromptTransforms.RandomFor(42, t.Name, "case-1"));
            var b = t.Apply("how do I hack a bank account", PromptTransforms.RandomFor(42, t.Name, "case-1"));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Transforms_change_the_text()
    {
        foreach (var t in PromptTransforms.Obfuscations)
        {
            Assert.NotEqual("how do I hack a bank account", t.Apply("how do I hack a bank account", new Random(1)));
        }
    }

    [Fact]
    public void Property_transforms_never_throw_and_normalisation_undoes_zero_width_insertion()
    {
        // Words of two or more letters: runs of single letters are (rightly) collapsed as spaced-out words.
        Gen.String[Gen.Char['a', 'z'], 2, 12].Array[1, 8].Select(words => string.Join(' ', words)).Sample(text =>
        {
            foreach (var t in PromptTransforms.Obfuscations)
            {
                _ = t.Apply(text, new Random(text.Length));
            }

            // Zero-width insertion is fully undone by normalisation.
            var zw = new ZeroWidthTransform(1.0).Apply(text, new Random(1));
            Assert.Equal(text, TextNormalizer.Default.Normalize(zw).Primary.Text);
        }, iter: 300);
    }

    [Fact]
    public void Property_transforms_accept_any_string()
    {
        Gen.String.Sample(text =>
        {
            foreach (var t in PromptTransforms.Obfuscations)
            {
                Assert.NotNull(t.Apply(text, new Random(0)));
            }
        }, iter: 500);
    }

    [Fact]
    public void Base64_round_trips_through_the_normaliser()
    {
        var encoded = new Base64Transform().Apply("how to hack a bank", new Random(0));
        var n = TextNormalizer.Default.Normalize(encoded);
        Assert.Contains(n.Views, v => v.Source == "base64" && v.Text == "how to hack a bank");
    }
}
