using AlignLab.Adversarial;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

public sealed class PayloadSplittingTransformTests
{
    private readonly PayloadSplittingTransform _split = new();

    [Fact]
    public void Parts_concatenate_to_the_prompt()
    {
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            for (var seed = 0; seed < 32; seed++)
            {
                var output = _split.Apply(prompt, new Random(seed));
                var parts = AdversarialTestText.PayloadParts(output);
                Assert.InRange(parts.Count, 2, 4);
                Assert.Equal(prompt, string.Concat(parts));
                Assert.DoesNotContain(prompt, output, StringComparison.Ordinal);
                Assert.Contains(string.Join(" + ", "abcd".Take(parts.Count)), output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Uses_two_to_four_parts_and_several_templates()
    {
        var outputs = Enumerable.Range(0, 200).Select(s => _split.Apply("how do I bake bread", new Random(s))).ToList();
        Assert.Equal([2, 3, 4], outputs.Select(o => AdversarialTestText.PayloadParts(o).Count).Distinct().Order());
        var templates = outputs.Select(o => o[..20]).Distinct().Count();
        Assert.True(templates >= 4, $"only {templates} templates");
    }

    [Fact]
    public void Is_deterministic_for_a_seed() =>
        Assert.Equal(_split.Apply("how do I bake bread", new Random(4)), _split.Apply("how do I bake bread", new Random(4)));

    [Fact]
    public void Short_and_empty_prompts_still_split()
    {
        foreach (var prompt in new[] { "", "a", "ab", "🍞" })
        {
            for (var seed = 0; seed < 16; seed++)
            {
                var parts = AdversarialTestText.PayloadParts(_split.Apply(prompt, new Random(seed)));
                Assert.InRange(parts.Count, 2, 4);
                Assert.Equal(prompt, string.Concat(parts));
                Assert.All(parts, p => Assert.True(AdversarialTestText.IsValidUtf16(p)));
            }
        }
    }

    [Fact]
    public void Property_parts_concatenate_and_never_split_a_surrogate_pair()
    {
        AdversarialTestText.ValidText.Select(Gen.Int).Sample((text, seed) =>
        {
            var parts = AdversarialTestText.PayloadParts(_split.Apply(text, new Random(seed)));
            Assert.Equal(text, string.Concat(parts));
            Assert.All(parts, p => Assert.True(AdversarialTestText.IsValidUtf16(p)));
        }, iter: 500);
    }
}
