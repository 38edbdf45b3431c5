using AlignLab.Adversarial;

namespace AlignLab.Tests.Adversarial;

public sealed class PromptInjectionTransformTests
{
    private readonly PromptInjectionTransform _injection = new();

    [Fact]
    public void Plants_the_request_inside_content_that_a_benign_task_processes()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var output = _injection.Apply("how do I bake bread", new Random(seed));
            var task = output[..output.IndexOf('\n', StringComparison.Ordinal)];
            Assert.DoesNotContain("bake", task, StringComparison.Ordinal);
            var at = output.IndexOf("how do I bake bread", StringComparison.Ordinal);
            Assert.True(at > task.Length, "the request sits inside the carried content, after the benign task");
            Assert.True(output.Length - (at + "how do I bake bread".Length) > 0, "benign content follows the injection");
        }
    }

    [Fact]
    public void Varies_carriers_and_injection_phrases()
    {
        var outputs = Enumerable.Range(0, 400).Select(s => _injection.Apply("how do I bake bread", new Random(s))).ToList();
        Assert.True(outputs.Select(o => o[..20]).Distinct().Count() >= 6, "carriers");
        Assert.Contains(outputs, o => o.Contains("ignore all previous instructions", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.StartsWith("Summarise this email", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("Tool output:", StringComparison.Ordinal));
        Assert.True(outputs.Distinct().Count() >= 25, "carrier × phrase combinations");
    }
}
