using AlignLab.Training.Export;
using AlignLab.Training.Generation;
using AlignLab.Training.Models;
using AlignLab.Training.Tests.Support;
using AlignLab.Training.Tokenizers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Export;

public sealed class GgufExporterTests(ITestOutputHelper output) : IDisposable
{
    private const string Prompt = "the quick";
    private readonly string _directory = Directory.CreateTempSubdirectory("alignlab-gguf-").FullName;

    // Acceptance (issue 18): `alignlab model export --format gguf` → LLamaSharp loads it and greedy-decodes the same 20 tokens.
    [Theory]
    [InlineData(DecoderArchitecture.Llama, GgufQuantization.F32)]
    [InlineData(DecoderArchitecture.Llama, GgufQuantization.F16)]
    [InlineData(DecoderArchitecture.Llama, GgufQuantization.Q8_0)]
    [InlineData(DecoderArchitecture.Qwen2, GgufQuantization.F16)]
    [InlineData(DecoderArchitecture.Gemma, GgufQuantization.F16)]
    public void An_exported_gguf_loads_in_llama_cpp_and_greedy_decodes_the_same_20_tokens_as_torchsharp(
        DecoderArchitecture architecture, GgufQuantization quantization)
    {
        var folder = TinyTrainedModel.Folder(architecture);
        var path = Path.Combine(_directory, "model.gguf");
        var result = GgufExporter.Export(folder, path, quantization);
        Assert.Empty(result.Errors);

        using var model = DecoderCheckpoint.Load(folder).GetValueOrThrow();
        model.eval();
        var prompt = ByteTokenizer.Encode(Prompt);
        var expected = GreedyDecoder.Generate(model, prompt, 20, stopTokens: []);
        using var llama = new LlamaCppRunner(path);
        Assert.Equal(ByteTokenizer.VocabSize, llama.VocabularySize);
        Assert.Equal(prompt, llama.Tokenize(Prompt));
        var (logits, tokens) = llama.Greedy(prompt, 20);
        output.WriteLine($"{architecture} {quantization}: {result.Value!.Bytes:N0} bytes; torch \"{ByteTokenizer.Decode(expected)}\", " +
                         $"llama.cpp \"{ByteTokenizer.Decode(tokens)}\"; max |Δlogit| {MaxDifference(model, prompt, logits):F4}");
        Assert.Equal(expected, tokens);
        if (quantization == GgufQuantization.F32)
        {
            Assert.True(MaxDifference(model, prompt, logits) < 1e-2); // logits of the trained model reach ±20; f32 differs in the 4th digit
        }
    }

    private static float MaxDifference(DecoderModel model, long[] prompt, float[] llamaLogits)
    {
        using var noGrad = no_grad();
        using var logits = model.Forward(tensor(prompt, dtype: ScalarType.Int64).unsqueeze(0));
        using var last = logits[0, -1];
        using var other = tensor(llamaLogits);
        using var difference = (last - other).abs().max();
        return difference.item<float>();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
