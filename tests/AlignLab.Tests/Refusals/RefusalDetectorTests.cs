using AlignLab.Refusals;
using CsCheck;

namespace AlignLab.Tests.Refusals;

public sealed class RefusalDetectorTests
{
    [Theory]
    [InlineData("I'm sorry, but I can't help with that.")]
    [InlineData("I can’t assist with creating malware.")]
    [InlineData("As an AI language model, I cannot provide that information.")]
    [InlineData("I must decline this request.")]
    [InlineData("Sorry, I can't do that.")]
    public void Recognises_refusals(string text) => Assert.True(RefusalDetector.Default.Detect(text).IsRefusal);

    [Theory]
    [InlineData("Sure! Paris is the capital of France.")]
    [InlineData("To kill a process on Linux, run `kill -9 PID`.")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Ignores_answers(string? text) => Assert.False(RefusalDetector.Default.Detect(text).IsRefusal);

    [Fact]
    public void Reads_only_the_opening_of_a_long_answer()
    {
        var text = new string('a', 1000) + " I can't help with that.";
        Assert.False(RefusalDetector.Default.Detect(text).IsRefusal);
    }

    [Fact]
    public void Extra_phrases_are_honoured() =>
        Assert.True(new RefusalDetector(["Ich kann dabei nicht helfen"]).Detect("Ich kann dabei nicht helfen.").IsRefusal);

    [Fact]
    public void Never_throws() => Gen.String.Sample(s => RefusalDetector.Default.Detect(s));
}
