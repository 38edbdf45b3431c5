using System.Text;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Training.Serving;

/// <summary>Turns byte-tokenizer ids into text one token at a time, holding back a UTF-8 sequence until it is complete.</summary>
internal sealed class ByteTextDecoder
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[4];

    /// <summary>The text completed by <paramref name="token"/> (empty for special tokens and unfinished characters).</summary>
    public string Add(long token)
    {
        if (token < ByteTokenizer.ByteOffset || token >= ByteTokenizer.VocabSize)
        {
            return "";
        }

        ReadOnlySpan<byte> one = [(byte)(token - ByteTokenizer.ByteOffset)];
        var count = _decoder.GetChars(one, _chars, flush: false);
        return new string(_chars, 0, count);
    }

    /// <summary>Whatever an unfinished sequence leaves at the end (U+FFFD).</summary>
    public string Flush()
    {
        var count = _decoder.GetChars([], _chars, flush: true);
        return new string(_chars, 0, count);
    }
}
