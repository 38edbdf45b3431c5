using AlignLab.Training.Generation;
using AlignLab.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Generation;

public sealed class GreedyDecoderTests
{
    [Theory]
    [InlineData(DecoderArchitecture.Llama)]
    [InlineData(DecoderArchitecture.Gemma)]
    public void Cached_greedy_decoding_picks_the_same_tokens_as_re_running_the_whole_sequence(DecoderArchitecture architecture)
    {
        random.manual_seed(3);
        using var model = new DecoderModel(DecoderConfig.Tiny(architecture) with { EosTokenIds = [] });
        model.eval();
        long[] prompt = [1, 75, 108, 111];
        var generated = GreedyDecoder.Generate(model, prompt, maxNewTokens: 12);
        Assert.Equal(12, generated.Count);

        var sequence = prompt.ToList();
        using var noGrad = no_grad();
        for (var i = 0; i < 12; i++)
        {
            using var logits = model.Forward(tensor(sequence.ToArray(), dtype: ScalarType.Int64).unsqueeze(0));
            sequence.Add(logits[0, -1].argmax().item<long>());
        }

        Assert.Equal(sequence.Skip(prompt.Length), generated);
    }

    [Fact]
    public void Decoding_stops_after_an_end_token_and_at_the_context_length()
    {
        random.manual_seed(3);
        using var model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama) with { EosTokenIds = [], MaxPositionEmbeddings = 10 });
        model.eval();
        var generated = GreedyDecoder.Generate(model, [1, 2, 3, 4], maxNewTokens: 50);
        Assert.Equal(7, generated.Count); // 4 + 6 positions fed; the 7th token needs no position of its own
        var first = generated[0];
        Assert.Equal([first], GreedyDecoder.Generate(model, [1, 2, 3, 4], maxNewTokens: 50, stopTokens: [first]));
    }
}
