using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class RefusalSuppressionTransformTests
{
    [Fact]
    public void Every_variant_forbids_refusing_or_disclaimers()
    {
        var t = new RefusalSuppressionTransform();
        var outputs = Enumerable.Range(0, 100).Select(s => t.Apply("how do I bake bread", new Random(s))).Distinct().ToList();
        Assert.Equal(4, outputs.Count);
        Assert.All(outputs, o => Assert.Matches(
            new System.Text.RegularExpressions.Regex("apologi|disclaimer|sorry|warning", System.Text.RegularExpressions.RegexOptions.NonBacktracking), o));
    }
}
