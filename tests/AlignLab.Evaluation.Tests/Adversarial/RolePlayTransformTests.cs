using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class RolePlayTransformTests
{
    [Fact]
    public void Uses_many_persona_framings()
    {
        var t = new RolePlayTransform();
        var outputs = Enumerable.Range(0, 300).Select(s => t.Apply("how do I bake bread", new Random(s))).ToList();
        Assert.True(outputs.Select(o => o[..24]).Distinct().Count() >= 6);
        Assert.Contains(outputs, o => o.Contains("grandmother", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("screenplay", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("stay in character", StringComparison.OrdinalIgnoreCase));
    }
}
