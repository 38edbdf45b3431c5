using AlignLab.Adversarial;
using CsCheck;

namespace AlignLab.Tests.Adversarial;

public sealed class Rot13TransformTests
{
    private readonly Rot13Transform _rot13 = new();

    [Fact]
    public void Output_holds_the_rotated_prompt_and_rotating_it_back_gives_the_prompt()
    {
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            for (var seed = 0; seed < 8; seed++)
            {
                var output = _rot13.Apply(prompt, new Random(seed));
                Assert.DoesNotContain(prompt, output, StringComparison.Ordinal);
                Assert.Contains(AdversarialTestText.Rot13(prompt), output, StringComparison.Ordinal);
                Assert.Contains(prompt, AdversarialTestText.Rot13(output), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Rotate_matches_the_reference_and_is_its_own_inverse()
    {
        Assert.Equal("ubj qb V onxr oernq", Rot13Transform.Rotate("how do I bake bread"));
        Gen.String.Sample(s =>
        {
            Assert.Equal(AdversarialTestText.Rot13(s), Rot13Transform.Rotate(s));
            Assert.Equal(s, Rot13Transform.Rotate(Rot13Transform.Rotate(s)));
        }, iter: 500);
    }

    [Fact]
    public void Wrappers_vary_with_the_seed_and_are_deterministic()
    {
        var outputs = Enumerable.Range(0, 64).Select(s => _rot13.Apply("how do I bake bread", new Random(s))).ToHashSet();
        Assert.True(outputs.Count >= 4, $"only {outputs.Count} distinct outputs");
        Assert.Equal(_rot13.Apply("how do I bake bread", new Random(5)), _rot13.Apply("how do I bake bread", new Random(5)));
    }
}
