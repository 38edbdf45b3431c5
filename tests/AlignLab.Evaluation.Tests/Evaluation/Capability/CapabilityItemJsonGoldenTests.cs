using AlignLab.Evaluation.Capability;

namespace AlignLab.Tests.Evaluation.Capability;

/// <summary>
/// The bundled capability files were written by <see cref="CapabilityItemJson.Write"/>, so reading them and writing every
/// item again must give the same bytes (issue 16: source-generated JSON keeps the data files unchanged).
/// </summary>
public sealed class CapabilityItemJsonGoldenTests
{
    [Theory]
    [InlineData("gsm8k.jsonl")]
    [InlineData("truthfulqa.jsonl")]
    [InlineData("humaneval.jsonl")]
    public void Rewriting_a_bundled_capability_file_reproduces_it_byte_for_byte(string name)
    {
        var path = Path.Combine(RepoPaths.Root, "data", "eval", "capability", name);
        var text = File.ReadAllText(path);

        var items = CapabilityItemJson.Read(new StringReader(text), path).ToList();

        Assert.NotEmpty(items);
        Assert.Equal(text, string.Concat(items.Select(i => CapabilityItemJson.Write(i) + "\n")));
    }
}
