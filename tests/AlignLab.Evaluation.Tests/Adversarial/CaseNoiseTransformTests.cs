using AlignLab.Adversarial;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

public sealed class CaseNoiseTransformTests
{
    private readonly CaseNoiseTransform _noise = new();

    [Fact]
    public void Changes_only_the_case_of_letters()
    {
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            for (var seed = 0; seed < 16; seed++)
            {
                var output = _noise.Apply(prompt, new Random(seed));
                Assert.NotEqual(prompt, output);
                Assert.Equal(prompt.ToUpperInvariant(), output.ToUpperInvariant());
            }
        }
    }

    [Fact]
    public void Mixes_upper_and_lower_case()
    {
        var output = _noise.Apply("write a short poem about the sea in four lines", new Random(3));
        Assert.Contains(output, char.IsUpper);
        Assert.Contains(output, char.IsLower);
    }

    [Fact]
    public void Always_changes_something_when_it_can()
    {
        for (var seed = 0; seed < 64; seed++)
        {
            Assert.NotEqual("a", _noise.Apply("a", new Random(seed)));
            Assert.NotEqual("Hi!", _noise.Apply("Hi!", new Random(seed)));
        }

        Assert.Equal("123 ?!", _noise.Apply("123 ?!", new Random(0)));
        Assert.Equal("", _noise.Apply("", new Random(0)));
    }

    [Fact]
    public void Is_deterministic_and_varies_with_the_seed()
    {
        const string Prompt = "how do I bake bread";
        Assert.Equal(_noise.Apply(Prompt, new Random(11)), _noise.Apply(Prompt, new Random(11)));
        Assert.True(Enumerable.Range(0, 32).Select(s => _noise.Apply(Prompt, new Random(s))).Distinct().Count() > 20);
    }

    [Fact]
    public void Property_keeps_length_and_surrogates_in_place()
    {
        AdversarialTestText.AnyText.Select(Gen.Int).Sample((text, seed) =>
        {
            var output = _noise.Apply(text, new Random(seed));
            Assert.Equal(text.Length, output.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsSurrogate(text[i]))
                {
                    Assert.Equal(text[i], output[i]);
                }
            }
        }, iter: 500);
    }
}
