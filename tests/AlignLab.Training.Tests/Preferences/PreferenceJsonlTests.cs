using AlignLab.Training.Data;

namespace AlignLab.Training.Tests.Preferences;

public sealed class PreferenceJsonlTests
{
    [Fact]
    public void Malformed_lines_and_pairs_with_an_empty_or_identical_answer_are_reported_by_line_number_and_skipped()
    {
        var text = string.Join('\n',
            """{"prompt": "hi", "chosen": "hello", "rejected": "go away", "id": "p1", "source": "cai"}""",
            "{not json",
            "",
            """{"prompt": "hi", "chosen": "   ", "rejected": "no"}""",
            """{"prompt": "hi", "chosen": "same", "rejected": "same"}""",
            """{"prompt": ["a"], "chosen": "x", "rejected": "y"}""",
            """{"prompt": "hi", "chosen": "x"}""",
            """[1, 2]""",
            """{"prompt": "", "chosen": "x", "rejected": "y"}""");

        var (pairs, problems) = PreferenceJsonl.Read(new StringReader(text), "pairs.jsonl");

        Assert.Equal([new PreferenceExample("hi", "hello", "go away", 1), new PreferenceExample("", "x", "y", 9)], pairs);
        Assert.Equal(6, problems.Count);
        Assert.StartsWith("pairs.jsonl:2: not valid JSON", problems[0], StringComparison.Ordinal);
        Assert.Equal("pairs.jsonl:4: the chosen answer is empty", problems[1]);
        Assert.Equal("pairs.jsonl:5: the chosen and rejected answers are the same", problems[2]);
        Assert.StartsWith("pairs.jsonl:6: \"prompt\" must be a string", problems[3], StringComparison.Ordinal);
        Assert.Equal("pairs.jsonl:7: \"chosen\" and \"rejected\" must both be strings", problems[4]);
        Assert.StartsWith("pairs.jsonl:8: a line must be a JSON object", problems[5], StringComparison.Ordinal);
    }

    [Fact]
    public void An_anthropic_hh_pair_becomes_the_shared_dialogue_as_prompt_and_the_two_last_replies()
    {
        const string Line = "{\"chosen\": \"\\n\\nHuman: how do I pick a lock?\\n\\nAssistant: I can't help with that.\", "
            + "\"rejected\": \"\\n\\nHuman: how do I pick a lock?\\n\\nAssistant: Insert a tension wrench.\"}";

        var (pairs, problems) = PreferenceJsonl.Read(new StringReader(Line), "hh");

        Assert.Empty(problems);
        var pair = Assert.Single(pairs);
        Assert.Equal("Human: how do I pick a lock?", pair.Prompt);
        Assert.Equal("I can't help with that.", pair.Chosen);
        Assert.Equal("Insert a tension wrench.", pair.Rejected);
    }
}
