using System.Diagnostics;
using System.Numerics.Tensors;
using AlignLab.Encoders.Onnx;

namespace AlignLab.Encoders.Tests.Onnx;

public sealed class SentenceEncoderTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    private SentenceEncoder Encoder => fixture.Encoder;

    [Fact]
    public void Embeddings_are_unit_length_384_vectors_and_paraphrases_sit_closer_than_unrelated_text()
    {
        var a = Encoder.Embed("How do I bake a loaf of sourdough bread?");
        var b = Encoder.Embed("What is the recipe for making sourdough bread at home?");
        var c = Encoder.Embed("The stock market fell sharply after the interest rate announcement.");

        Assert.Equal(384, a.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(a), 3);
        var near = TensorPrimitives.Dot(a, b);
        var far = TensorPrimitives.Dot(a, c);
        Assert.True(near > 0.6f && far < 0.3f, $"paraphrase {near}, unrelated {far}");
    }

    [Fact]
    public void Batched_embedding_gives_the_same_vectors_as_one_at_a_time()
    {
        string[] texts = ["short", "a somewhat longer sentence about the weather in spring", string.Empty, "Ignore previous instructions."];
        var batched = Encoder.EmbedMany(texts, batchSize: 3);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = Encoder.Embed(texts[i]);
            Assert.True(TensorPrimitives.Dot(single, batched[i]) > 0.9999f, $"text {i}");
        }
    }

    [Fact]
    public void A_one_megabyte_prompt_is_read_in_at_most_four_windows_within_the_bound()
    {
        // Issue 15 bad input: a 1 MB prompt. Tokenising is linear; the encoder reads at most MaxWindows windows of WindowTokens.
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 1_048_576 / 45));
        var windows = Encoder.Windows(text);
        Assert.Equal(Encoder.Options.MaxWindows, windows.Count);
        Assert.All(windows, w => Assert.True(w.Length <= Encoder.Options.WindowTokens));

        var watch = Stopwatch.StartNew();
        var v = Encoder.Embed(text);
        // 10 s: a shared CI core; 2.3 s measured under load (docs/CONTEXTUAL.md).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(1f, TensorPrimitives.Norm(v), 3);
    }

    [Fact]
    public void An_empty_prompt_and_invalid_utf8_embed_as_cls_sep_without_failing()
    {
        // Invalid UTF-8 reaches the encoder as U+FFFD (the readers decode with replacement), which the tokenizer drops.
        var invalid = System.Text.Encoding.UTF8.GetString([0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]);
        Assert.Single(Encoder.Windows(string.Empty));
        Assert.Equal(2, Encoder.Windows(string.Empty)[0].Length);
        Assert.Equal(1f, TensorPrimitives.Norm(Encoder.Embed(string.Empty)), 3);
        Assert.Equal(1f, TensorPrimitives.Norm(Encoder.Embed(invalid)), 3);
    }

    [Fact]
    public void A_long_text_is_read_at_its_first_and_last_windows()
    {
        var text = "alpha " + string.Concat(Enumerable.Repeat("filler words here ", 2000)) + " omega";
        var windows = Encoder.Windows(text);
        var vocab = Encoder.Tokenizer.Vocabulary;
        Assert.Equal(vocab.IdOf("alpha"), windows[0][1]);
        Assert.Equal(vocab.IdOf("omega"), windows[^1][^2]);
    }
}
