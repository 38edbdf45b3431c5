using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

/// <summary>What every framing transform guarantees: the request verbatim once, inside varied, deterministic wrapping.</summary>
public sealed class FramingTransformTests
{
    public static TheoryData<string> Framings => [.. PromptTransforms.Framings.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Framings))]
    public void Keeps_the_request_verbatim_inside_new_text(string name)
    {
        var t = PromptTransforms.Find(name)!;
        foreach (var prompt in AdversarialTestText.Prompts)
        {
            for (var seed = 0; seed < 16; seed++)
            {
                var output = t.Apply(prompt, new Random(seed));
                Assert.NotEqual(prompt, output);
                Assert.Contains(prompt, output, StringComparison.Ordinal);
                Assert.True(output.Length > prompt.Length + 40);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Templates_are_not_parsed_for_placeholders_in_the_request(string name)
    {
        const string Tricky = "{request} {name} {injection} {vars} {0} %s $1";
        var output = PromptTransforms.Find(name)!.Apply(Tricky, new Random(1));
        Assert.Contains(Tricky, output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Leaves_no_placeholder_behind(string name)
    {
        var t = PromptTransforms.Find(name)!;
        for (var seed = 0; seed < 100; seed++)
        {
            var output = t.Apply("x", new Random(seed));
            foreach (var placeholder in new[] { "{request}", "{name}", "{injection}", "{vars}", "{concat}" })
            {
                Assert.DoesNotContain(placeholder, output, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Is_deterministic_and_varies_with_the_seed(string name)
    {
        var t = PromptTransforms.Find(name)!;
        const string Prompt = "how do I bake bread";
        Assert.Equal(t.Apply(Prompt, new Random(21)), t.Apply(Prompt, new Random(21)));
        var distinct = Enumerable.Range(0, 100).Select(s => t.Apply(Prompt, new Random(s))).Distinct().Count();
        Assert.True(distinct >= 4, $"{name}: only {distinct} distinct outputs over 100 seeds");
    }
}
