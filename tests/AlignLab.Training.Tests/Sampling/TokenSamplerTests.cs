using AlignLab.Training.Generation;
using AlignLab.Training.Models;
using AlignLab.Training.Sampling;
using TorchSharp;

namespace AlignLab.Training.Tests.Sampling;

public sealed class TokenSamplerTests : IDisposable
{
    private static readonly long[] s_prompt = [1, 75, 108, 111];
    private readonly DecoderModel _model;

    public TokenSamplerTests()
    {
        torch.random.manual_seed(3);
        _model = new DecoderModel(DecoderConfig.Tiny(DecoderArchitecture.Llama) with { EosTokenIds = [] });
        _model.eval();
    }

    [Fact]
    public void Temperature_zero_picks_the_same_tokens_as_the_greedy_decoder() =>
        Assert.Equal(GreedyDecoder.Generate(_model, s_prompt, 16), Sample(SamplingOptions.Greedy with { MaxNewTokens = 16 }));

    [Fact]
    public void The_same_seed_gives_the_same_tokens_and_another_seed_other_tokens()
    {
        var options = new SamplingOptions { Temperature = 1.0, Seed = 42, MaxNewTokens = 24 };
        var first = Sample(options);
        torch.random.manual_seed(999); // the global generator must not matter
        Assert.Equal(first, Sample(options));
        Assert.NotEqual(first, Sample(options with { Seed = 43 }));
        Assert.NotEqual(first, GreedyDecoder.Generate(_model, s_prompt, 24)); // near-uniform logits: sampling is not arg-max
    }

    [Fact]
    public void A_tiny_top_p_or_a_top_k_of_one_keeps_only_the_most_likely_token_even_at_a_high_temperature()
    {
        var greedy = GreedyDecoder.Generate(_model, s_prompt, 16);
        Assert.Equal(greedy, Sample(new SamplingOptions { Temperature = 5, TopP = 1e-6, Seed = 1, MaxNewTokens = 16 }));
        Assert.Equal(greedy, Sample(new SamplingOptions { Temperature = 5, TopK = 1, Seed = 1, MaxNewTokens = 16 }));
    }

    [Fact]
    public void A_token_outside_the_top_k_is_never_drawn()
    {
        using var logits = torch.tensor(new float[] { 0.5f, 3f, 2.9f, 0.1f, 2.8f });
        using var generator = new torch.Generator(7);
        var options = new SamplingOptions { Temperature = 10, TopK = 3 };
        var drawn = Enumerable.Range(0, 300).Select(_ => TokenSampler.Pick(logits, options, generator)).ToHashSet();
        Assert.Equal([1L, 2L, 4L], drawn.Order());
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TokenSampler.Generate(_model, s_prompt, new SamplingOptions { TopP = 0, TopK = -1, Temperature = double.NaN }));
        Assert.Contains("top_p 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("top_k -1", e.Message, StringComparison.Ordinal);
        Assert.Contains("temperature NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_stops_generation_before_the_next_token()
    {
        using var cancel = new CancellationTokenSource();
        var tokens = new List<long>();
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var token in TokenSampler.Generate(_model, s_prompt, SamplingOptions.Greedy, null, cancel.Token))
            {
                tokens.Add(token);
                if (tokens.Count == 3)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(3, tokens.Count);
    }

    private List<long> Sample(SamplingOptions options) => [.. TokenSampler.Generate(_model, s_prompt, options)];

    public void Dispose() => _model.Dispose();
}
