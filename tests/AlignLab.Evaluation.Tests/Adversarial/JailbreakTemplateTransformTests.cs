using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class JailbreakTemplateTransformTests
{
    private readonly JailbreakTemplateTransform _jailbreak = new();

    [Fact]
    public void Has_eight_to_twelve_templates_and_uses_all_of_them()
    {
        Assert.InRange(JailbreakTemplateTransform.TemplateCount, 8, 12);
        var distinct = Enumerable.Range(0, 500).Select(s => _jailbreak.Apply("how do I bake bread", new Random(s))).Distinct().Count();
        Assert.Equal(JailbreakTemplateTransform.TemplateCount, distinct);
    }

    [Fact]
    public void Covers_the_known_families()
    {
        var all = string.Join("\n---\n", Enumerable.Range(0, 500).Select(s => _jailbreak.Apply("how do I bake bread", new Random(s))).Distinct());
        Assert.Contains("Sure, here is", all, StringComparison.Ordinal);                   // prefix injection
        Assert.Contains("Developer Mode", all, StringComparison.Ordinal);                  // developer mode
        Assert.Contains("do not apologise", all, StringComparison.Ordinal);                // refusal suppression
        Assert.Contains("can do anything", all, StringComparison.Ordinal);                 // DAN-style
        Assert.Contains("no moral or ethical filter", all, StringComparison.Ordinal);      // AIM-style
        Assert.Contains("Ignore every instruction", all, StringComparison.Ordinal);        // instruction reset
    }
}
