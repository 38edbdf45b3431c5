using AlignLab.Training.Sft;

namespace AlignLab.Training.Preferences;

/// <summary>
/// A prompt and one answer in <see cref="ChatTemplate"/>'s layout, as SFT trains it: BOS, <c>&lt;|user|&gt;\n</c> prompt
/// <c>\n</c>, <c>&lt;|assistant|&gt;\n</c> answer EOS. The answer's tokens and its EOS start at <see cref="AnswerStart"/>
/// and run to the end. Over the length, the prompt loses its start first (the answer is what is scored), then the
/// answer loses its end.
/// </summary>
internal sealed record PairSequence(long[] Ids, int AnswerStart)
{
    public static PairSequence Encode(string prompt, string answer, SftTokenizer tokenizer, int maxLength)
    {
        var head = tokenizer.Encode(ChatTemplate.Header("user"));
        var promptIds = tokenizer.Encode(prompt);
        var middle = tokenizer.Encode("\n" + ChatTemplate.Header("assistant"));
        var answerIds = tokenizer.Encode(answer).Append(tokenizer.Eos).ToArray();
        var fixedLength = 1 + head.Length + middle.Length;
        var answerRoom = Math.Max(1, maxLength - fixedLength);
        if (answerIds.Length > answerRoom)
        {
            answerIds = [.. answerIds.Take(answerRoom)];
        }

        var promptRoom = Math.Max(0, maxLength - fixedLength - answerIds.Length);
        if (promptIds.Length > promptRoom)
        {
            promptIds = [.. promptIds.Skip(promptIds.Length - promptRoom)];
        }

        long[] ids = [tokenizer.Bos, .. head, .. promptIds, .. middle, .. answerIds];
        return new PairSequence(ids, ids.Length - answerIds.Length);
    }
}
