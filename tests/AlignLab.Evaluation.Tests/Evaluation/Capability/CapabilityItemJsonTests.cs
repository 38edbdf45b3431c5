using AlignLab.Evaluation.Capability;
using CsCheck;

namespace AlignLab.Tests.Evaluation.Capability;

public sealed class CapabilityItemJsonTests
{
    [Fact]
    public void Items_round_trip_through_json_lines()
    {
        Gen.Select(Gen.String, Gen.String, Gen.Int[0, 3], Gen.Decimal).Sample((question, option, correct, answer) =>
        {
            var item = new CapabilityItem("id-1", CapabilityTasks.TruthfulQaMc, question.Length == 0 ? "q" : question)
            {
                Answer = answer,
                Options = [option, "b", "c", "d"],
                CorrectOption = correct,
                CorrectAnswers = [option],
                IncorrectAnswers = ["x", question],
                EntryPoint = "f",
                Test = "def check(c): pass",
                Source = "test",
            };

            var back = CapabilityItemJson.Read(new StringReader(CapabilityItemJson.Write(item) + "\n"), "mem").Single();

            Assert.Equal(item.Question, back.Question);
            Assert.Equal(item.Answer, back.Answer);
            Assert.Equal([.. item.Options], back.Options.ToArray());
            Assert.Equal(item.CorrectOption, back.CorrectOption);
            Assert.Equal([.. item.IncorrectAnswers], back.IncorrectAnswers.ToArray());
            Assert.Equal(item.Test, back.Test);
        });
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\":\"a\",\"task\":\"gsm8k\"}")]
    [InlineData("{\"id\":\"a\",\"task\":\"truthfulqa_mc\",\"question\":\"q\",\"options\":[\"x\"],\"correct\":3}")]
    public void Bad_lines_name_the_file_and_line(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => CapabilityItemJson.Read(new StringReader("\n" + line + "\n"), "items.jsonl").ToList());
        Assert.StartsWith("items.jsonl:2:", error.Message, StringComparison.Ordinal);
    }
}
