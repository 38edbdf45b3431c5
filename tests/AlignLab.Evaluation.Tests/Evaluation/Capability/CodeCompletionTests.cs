using AlignLab.Evaluation.Capability;

namespace AlignLab.Tests.Evaluation.Capability;

public sealed class CodeCompletionTests
{
    private static readonly CapabilityItem Item = new("t/0", CapabilityTasks.HumanEval, "import math\n\ndef area(r: float) -> float:\n    \"\"\"Circle area.\"\"\"\n")
    {
        EntryPoint = "area",
        Test = "def check(candidate):\n    assert abs(candidate(1) - math.pi) < 1e-9\n",
    };

    [Theory]
    [InlineData("Sure!\n```python\ndef f():\n    return 1\n```\nDone.", "def f():\n    return 1\n")]
    [InlineData("```\nx = 1\n```", "x = 1\n")]
    [InlineData("```python\ndef f():\n    return 2", "def f():\n    return 2\n")]
    [InlineData("    return 3\n", "    return 3\n")]
    [InlineData("I cannot help with that.", "")]
    [InlineData("", "")]
    public void Code_is_taken_from_the_first_fence_or_a_bare_reply(string reply, string expected) =>
        Assert.Equal(expected, CodeCompletion.ExtractCode(reply));

    [Fact]
    public void A_whole_function_replaces_the_stub_and_keeps_the_prompts_imports()
    {
        var program = CodeCompletion.BuildProgram(Item, "def area(r):\n    return math.pi * r * r\n");

        Assert.StartsWith("import math", program, StringComparison.Ordinal);
        Assert.Contains("    pass\n\ndef area(r):", program, StringComparison.Ordinal);
        Assert.EndsWith("check(area)\n", program, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_is_appended_to_the_prompt()
    {
        var program = CodeCompletion.BuildProgram(Item, "    return math.pi * r * r\n");

        Assert.Contains("\"\"\"Circle area.\"\"\"\n    return math.pi", program, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", program, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_without_tests_are_refused_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => CodeCompletion.BuildProgram(new CapabilityItem("g", CapabilityTasks.Gsm8k, "q"), "x"));
        Assert.Contains("not a HumanEval item", error.Message, StringComparison.Ordinal);
    }
}
