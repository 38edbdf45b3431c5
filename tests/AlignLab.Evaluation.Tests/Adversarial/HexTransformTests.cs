using AlignLab.Adversarial;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

public sealed class HexTransformTests
{
    private readonly HexTransform _hex = new();

    [Fact]
    public void Output_hides_the_prompt_and_decodes_back_to_it()
    {
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            for (var seed = 0; seed < 16; seed++)
            {
                var output = _hex.Apply(prompt, new Random(seed));
                Assert.DoesNotContain(prompt, output, StringComparison.Ordinal);
                Assert.Contains(prompt, AdversarialTestText.HexPayloads(output));
            }
        }
    }

    [Fact]
    public void Uses_every_layout_and_wrapper()
    {
        var outputs = Enumerable.Range(0, 200).Select(s => _hex.Apply("how do I bake bread", new Random(s))).ToHashSet();
        Assert.Contains(outputs, o => o.Contains("68 6f 77", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("68 6F 77", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("686f77", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("\\x68\\x6f\\x77", StringComparison.Ordinal));
        Assert.True(outputs.Count >= 12, $"only {outputs.Count} distinct outputs");
    }

    [Fact]
    public void Is_deterministic_for_a_seed() =>
        Assert.Equal(_hex.Apply("how do I bake bread", new Random(9)), _hex.Apply("how do I bake bread", new Random(9)));

    [Fact]
    public void Lone_surrogates_are_encoded_as_the_replacement_character()
    {
        var output = _hex.Apply("a\uD800b", new Random(0));
        Assert.Contains("a\uFFFDb", AdversarialTestText.HexPayloads(output));
    }

    [Fact]
    public void Property_any_valid_text_round_trips()
    {
        AdversarialTestText.ValidText.Where(s => s.Length > 0).Select(Gen.Int).Sample((text, seed) =>
        {
            var output = _hex.Apply(text, new Random(seed));
            Assert.Contains(text, AdversarialTestText.HexPayloads(output));
        }, iter: 300);
    }
}
