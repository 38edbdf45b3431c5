using AlignLab.Training.Data;
using AlignLab.Training.Sft;

namespace AlignLab.Training.Tests.Sft;

public sealed class SftSequenceTests
{
    [Fact]
    public void Only_assistant_content_and_its_end_of_turn_token_are_trained_in_the_default_template()
    {
        var example = new SftExample([new("system", "s"), new("user", "hi"), new("assistant", "yo"), new("user", "?"), new("assistant", "!")]);

        var sequence = SftSequence.Encode(example, SftTokenizer.Byte, 256)!;

        var text = SftTokenizer.Byte.Decode(sequence.Ids);
        Assert.Equal("<|system|>\ns\n<|user|>\nhi\n<|assistant|>\nyo\n<|user|>\n?\n<|assistant|>\n!\n", text);
        Assert.Equal(SftTokenizer.Byte.Bos, sequence.Ids[0]);
        var trained = sequence.Ids.Zip(sequence.Trained).Where(p => p.Second).Select(p => p.First).ToList();
        Assert.Equal([.. "yo"u8.ToArray().Select(b => (long)b + 3), 2, .. "!"u8.ToArray().Select(b => (long)b + 3), 2], trained);
    }

    [Fact]
    public void A_conversation_cut_before_its_answer_is_dropped_and_the_generation_prompt_ends_with_the_assistant_header()
    {
        var example = new SftExample([new("user", new string('x', 50)), new("assistant", "y")]);
        Assert.Null(SftSequence.Encode(example, SftTokenizer.Byte, 40));
        Assert.NotNull(SftSequence.Encode(example, SftTokenizer.Byte, 80));
        var prompt = SftSequence.Prompt([new("user", "abc")], SftTokenizer.Byte);
        Assert.Equal("<|user|>\nabc\n<|assistant|>\n", SftTokenizer.Byte.Decode(prompt));
    }
}
