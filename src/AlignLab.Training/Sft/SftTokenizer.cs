using AlignLab.Training.Tokenizers;

namespace AlignLab.Training.Sft;

/// <summary>What SFT needs of a tokenizer: text to ids (no special tokens added) and the special ids.</summary>
/// <param name="Encode">Text to token ids, without BOS/EOS.</param>
/// <param name="Decode">Token ids to text (special tokens dropped).</param>
/// <param name="Bos">The beginning-of-sequence id.</param>
/// <param name="Eos">The end-of-sequence id, which ends each assistant turn.</param>
/// <param name="Pad">The padding id (never a label).</param>
public sealed record SftTokenizer(Func<string, long[]> Encode, Func<IEnumerable<long>, string> Decode, long Bos, long Eos, long Pad)
{
    /// <summary>The byte tokenizer of <c>alignlab model init</c> (259 ids: pad 0, bos 1, eos 2, bytes from 3).</summary>
    public static SftTokenizer Byte { get; } = new(text => ByteTokenizer.Encode(text, addBos: false), ByteTokenizer.Decode, 1, 2, 0);
}
