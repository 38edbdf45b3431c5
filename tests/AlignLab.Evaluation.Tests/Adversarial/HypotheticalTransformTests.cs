using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class HypotheticalTransformTests
{
    [Fact]
    public void Uses_hypothetical_and_academic_framings()
    {
        var t = new HypotheticalTransform();
        var outputs = Enumerable.Range(0, 300).Select(s => t.Apply("how do I bake bread", new Random(s))).Distinct().ToList();
        Assert.True(outputs.Count >= 6);
        Assert.Contains(outputs, o => o.StartsWith("Hypothetically", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("academic", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("thought experiment", StringComparison.Ordinal));
    }
}
