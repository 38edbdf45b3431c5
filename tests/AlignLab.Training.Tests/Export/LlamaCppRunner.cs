using LLama;
using LLama.Common;
using LLama.Native;

namespace AlignLab.Training.Tests.Export;

/// <summary>Runs a GGUF file in llama.cpp (LLamaSharp, CPU) token by token: prompt logits and greedy continuation.</summary>
internal sealed class LlamaCppRunner : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    public LlamaCppRunner(string path)
    {
        var parameters = new ModelParams(path) { ContextSize = 256, GpuLayerCount = 0, Threads = 1, BatchThreads = 1 };
        _weights = LLamaWeights.LoadFromFile(parameters);
        _context = _weights.CreateContext(parameters);
    }

    public int VocabularySize => _weights.Vocab.Count;

    /// <summary>llama.cpp's own tokenisation of <paramref name="text"/> (with BOS when the file says add_bos_token).</summary>
    public long[] Tokenize(string text) => [.. _context.Tokenize(text, addBos: true, special: false).Select(t => (long)(int)t)];

    /// <summary>The logits after the last prompt token, then the arg-max of each of <paramref name="count"/> steps.</summary>
    public (float[] PromptLogits, long[] Tokens) Greedy(IReadOnlyList<long> prompt, int count)
    {
        _context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < prompt.Count; i++)
        {
            batch.Add((LLamaToken)(int)prompt[i], i, LLamaSeqId.Zero, i == prompt.Count - 1);
        }

        Check(_context.Decode(batch));
        var first = _context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
        var tokens = new List<long>();
        var logits = first;
        for (var position = prompt.Count; tokens.Count < count; position++)
        {
            var next = ArgMax(logits);
            tokens.Add(next);
            batch.Clear();
            batch.Add((LLamaToken)next, position, LLamaSeqId.Zero, true);
            Check(_context.Decode(batch));
            logits = _context.NativeHandle.GetLogitsIth(0).ToArray();
        }

        return (first, [.. tokens]);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void Check(DecodeResult result) => Assert.Equal(DecodeResult.Ok, result);

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }
}
