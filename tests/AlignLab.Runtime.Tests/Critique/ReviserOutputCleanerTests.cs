using AlignLab.Runtime.Critique;

namespace AlignLab.Runtime.Tests.Critique;

public sealed class ReviserOutputCleanerTests
{
    [Theory]
    [InlineData("Only pick locks you own.")]
    [InlineData("  Only pick locks you own.  \n")]
    [InlineData("Revised response: Only pick locks you own.")]
    [InlineData("Revised response:\nOnly pick locks you own.")]
    [InlineData("**Revised Response:**\n\nOnly pick locks you own.")]
    [InlineData("Here is the revised response:\nOnly pick locks you own.")]
    [InlineData("Here's my improved answer: Only pick locks you own.")]
    [InlineData("\"Only pick locks you own.\"")]
    [InlineData("“Only pick locks you own.”")]
    [InlineData("```\nOnly pick locks you own.\n```")]
    [InlineData("```markdown\nOnly pick locks you own.\n```")]
    [InlineData("<response>\nOnly pick locks you own.\n</response>")]
    [InlineData("<think>the user wants...</think>\nRevised response:\n```\n\"Only pick locks you own.\"\n```")]
    public void Removes_wrappers(string output)
    {
        Assert.Equal("Only pick locks you own.", ReviserOutputCleaner.Clean(output));
    }

    [Theory]
    [InlineData("```python\nprint('hi')\n```")]
    [InlineData("\"Hi,\" she said, \"hello.\"")]
    [InlineData("Answer: 42")]
    [InlineData("The response: it was fine.\nMore text.")]
    public void Keeps_content_that_only_looks_wrapped(string output)
    {
        Assert.Equal(output, ReviserOutputCleaner.Clean(output));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("```\n```")]
    [InlineData("Revised response:")]
    public void Nothing_left_is_empty(string? output)
    {
        Assert.Equal(string.Empty, ReviserOutputCleaner.Clean(output));
    }
}
