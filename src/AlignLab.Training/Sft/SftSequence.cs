using AlignLab.Training.Data;

namespace AlignLab.Training.Sft;

/// <summary>A tokenised conversation: ids and, per id, whether it is a target of the loss (assistant content and EOS).</summary>
internal sealed record SftSequence(long[] Ids, bool[] Trained)
{
    /// <summary>
    /// Renders <paramref name="example"/> with <see cref="ChatTemplate"/>; cut at <paramref name="maxLength"/> keeping the
    /// start (as TRL). Null when no trained token survives the cut.
    /// </summary>
    public static SftSequence? Encode(SftExample example, SftTokenizer tokenizer, int maxLength)
    {
        var ids = new List<long> { tokenizer.Bos };
        var trained = new List<bool> { false };
        foreach (var message in example.Messages)
        {
            Add(ids, trained, tokenizer.Encode(ChatTemplate.Header(message.Role)), false);
            var assistant = message.Role == "assistant";
            Add(ids, trained, tokenizer.Encode(message.Content), assistant);
            if (assistant)
            {
                Add(ids, trained, [tokenizer.Eos], true);
            }

            Add(ids, trained, tokenizer.Encode("\n"), false);
        }

        var length = Math.Min(ids.Count, maxLength);
        return trained.Take(length).Skip(1).Any(t => t) ? new SftSequence([.. ids.Take(length)], [.. trained.Take(length)]) : null;
    }

    /// <summary>The ids of a prompt ready for generation: the turns, then the assistant header.</summary>
    public static long[] Prompt(IReadOnlyList<SftMessage> messages, SftTokenizer tokenizer)
    {
        var ids = new List<long> { tokenizer.Bos };
        foreach (var message in messages)
        {
            ids.AddRange(tokenizer.Encode(ChatTemplate.Header(message.Role)));
            ids.AddRange(tokenizer.Encode(message.Content));
            if (message.Role == "assistant")
            {
                ids.Add(tokenizer.Eos);
            }

            ids.AddRange(tokenizer.Encode("\n"));
        }

        ids.AddRange(tokenizer.Encode(ChatTemplate.Header("assistant")));
        return [.. ids];
    }

    private static void Add(List<long> ids, List<bool> trained, long[] tokens, bool value)
    {
        ids.AddRange(tokens);
        trained.AddRange(Enumerable.Repeat(value, tokens.Length));
    }
}
