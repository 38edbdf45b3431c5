using AlignLab.Training.Sft;
using AlignLab.Training.Tokenizers;
using Microsoft.Extensions.AI;

namespace AlignLab.Training.Serving;

/// <summary>
/// Chat messages as byte-tokenizer ids in the training stack's default chat template (the one <c>train sft</c> trains on):
/// BOS, then per turn <c>&lt;|role|&gt;\n</c> + content + <c>\n</c>, an assistant turn's content followed by EOS before its
/// newline, and the generation prompt <c>&lt;|assistant|&gt;\n</c>.
/// </summary>
internal static class TorchChatPrompt
{
    public static long[] Encode(IEnumerable<ChatMessage> messages, int bosTokenId, int eosTokenId)
    {
        var ids = new List<long> { bosTokenId };
        foreach (var message in messages)
        {
            ids.AddRange(ByteTokenizer.Encode(ChatTemplate.Header(message.Role.Value) + message.Text, addBos: false));
            if (message.Role == ChatRole.Assistant)
            {
                ids.Add(eosTokenId);
            }

            ids.AddRange(ByteTokenizer.Encode("\n", addBos: false));
        }

        ids.AddRange(ByteTokenizer.Encode(ChatTemplate.Header("assistant"), addBos: false));
        return [.. ids];
    }
}
