using System.Text.Json;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Training.Tests.Tokenizers;

public sealed class ByteTokenizerTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("naïve café 🙂\n\ttabs")]
    [InlineData("")]
    public void Text_encodes_to_its_utf8_bytes_after_bos_and_decodes_back(string text)
    {
        var ids = ByteTokenizer.Encode(text);
        Assert.Equal(1, ids[0]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text) + 1, ids.Length);
        Assert.All(ids.Skip(1), id => Assert.InRange(id, 3, 258));
        Assert.Equal(text, ByteTokenizer.Decode(ids.Append(2)));
    }

    [Fact]
    public void The_tokenizer_json_maps_every_byte_to_a_distinct_printable_token_with_ids_after_the_specials()
    {
        using var json = JsonDocument.Parse(ByteTokenizer.TokenizerJson());
        var model = json.RootElement.GetProperty("model");
        Assert.Equal("BPE", model.GetProperty("type").GetString());
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(ByteTokenizer.VocabSize, vocab.Count);
        Assert.Equal(Enumerable.Range(0, 259), vocab.Values.Order());
        Assert.Equal(3 + 'A', vocab["A"]);
        Assert.Equal(3 + ' ', vocab["\u0120"]); // GPT-2's Ġ for the space byte
        Assert.Equal(3 + '\n', vocab["\u010A"]); // Ċ for newline
        var added = json.RootElement.GetProperty("added_tokens").EnumerateArray().Select(t => t.GetProperty("content").GetString());
        Assert.Equal(["<pad>", "<s>", "</s>"], added);
        Assert.Equal("ByteLevel", json.RootElement.GetProperty("pre_tokenizer").GetProperty("type").GetString());
    }
}
