using AlignLab.Training.Data;

namespace AlignLab.Training.Tests.Data;

public sealed class SftJsonlTests
{
    [Fact]
    public void Malformed_lines_are_reported_with_their_line_numbers_and_skipped_while_good_lines_in_both_shapes_are_read()
    {
        var text = string.Join('\n',
            """{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}""",
            """{"messages": [{"role": "user", "content": "hi"}""",
            "",
            """{"prompt": "2+2", "completion": "4"}""",
            """{"messages": [{"role": "user", "content": "hi"}, {"role": "bot", "content": "x"}]}""",
            """{"messages": [{"role": "user", "content": "only a question"}]}""",
            """["not", "an", "object"]""",
            """{"text": "plain language modelling is not SFT chat data"}""",
            """{"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}""");

        var (examples, problems) = SftJsonl.Read(new StringReader(text), "sft.jsonl");

        Assert.Equal([1, 4, 9], examples.Select(e => e.Line));
        Assert.Equal(["user", "assistant"], examples[1].Messages.Select(m => m.Role));
        Assert.Equal("4", examples[1].Messages[1].Content);
        Assert.Equal(5, problems.Count);
        Assert.StartsWith("sft.jsonl:2: not valid JSON", problems[0], StringComparison.Ordinal);
        Assert.Equal("sft.jsonl:5: messages[1] has role 'bot' (expected system, user or assistant)", problems[1]);
        Assert.Equal("sft.jsonl:6: no non-empty assistant turn to learn from", problems[2]);
        Assert.StartsWith("sft.jsonl:7: ", problems[3], StringComparison.Ordinal);
        Assert.Equal("sft.jsonl:8: no \"messages\" list and no \"prompt\"/\"completion\" pair", problems[4]);
    }
}
