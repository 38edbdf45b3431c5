namespace AlignLab.Testing.Gguf;

/// <summary>
/// A tiny llama-architecture GGUF written by the tests: 64-wide, 2 layers, 4 heads, a 256-token context and an
/// SPM vocabulary of 300-odd entries (unk, bos, eos, the 256 byte tokens, letters, a few words and the ChatML markers).
/// Weights are random (seeded), or arranged so that greedy decoding always picks one token (<see cref="FixedToken"/>).
/// </summary>
public sealed record TinyLlama
{
    internal const int Hidden = 64;
    internal const int FeedForward = 128;
    internal const int Heads = 4;

    /// <summary>The ChatML template as Hugging Face writes it; llama.cpp recognises it by its markers.</summary>
    internal const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Words in the vocabulary (with SentencePiece's ▁ for a leading space).</summary>
    internal static readonly string[] Words =
        ["▁hello", "▁world", "▁safe", "▁unsafe", "▁Yes", "▁No", "▁the", "ab", "lo", "he", "ll", "▁S1"];

    /// <summary>The tokenizer's <c>tokenizer.chat_template</c>; null writes none.</summary>
    public string? ChatTemplate { get; init; } = ChatMlTemplate;

    /// <summary>When set, the vocabulary entry that greedy decoding always picks (e.g. "ab", or "&lt;/s&gt;" to end at once).</summary>
    public string? FixedToken { get; init; }

    public int Layers { get; init; } = 2;

    public int ContextLength { get; init; } = 256;

    public int Seed { get; init; } = 7;

    /// <summary>The vocabulary in id order.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary();

    public byte[] ToArray() => Build().ToArray();

    public string WriteTo(string path) => Build().WriteTo(path);

    private GgufWriter Build()
    {
        var vocab = Vocabulary;
        var random = new Random(Seed);
        var w = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "alignlab-tiny-test")
            .Add("general.alignment", GgufWriter.Alignment)
            .Add("llama.context_length", (uint)ContextLength)
            .Add("llama.embedding_length", (uint)Hidden)
            .Add("llama.block_count", (uint)Layers)
            .Add("llama.feed_forward_length", (uint)FeedForward)
            .Add("llama.attention.head_count", (uint)Heads)
            .Add("llama.attention.head_count_kv", (uint)Heads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocab)
            .Add("tokenizer.ggml.scores", [.. vocab.Select(Score)])
            .Add("tokenizer.ggml.token_type", [.. vocab.Select(TokenType)])
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", 2u)
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.add_bos_token", true);
        if (ChatTemplate is not null)
        {
            w.Add("tokenizer.chat_template", ChatTemplate);
        }

        var fixedId = FixedToken is null ? -1 : IndexOf(FixedToken);
        var scale = fixedId >= 0 ? 0.02f : 0.1f;
        var embedding = Random(random, vocab.Count * Hidden, fixedId >= 0 ? 0.02f : 1f);
        if (fixedId >= 0)
        {
            // A large constant in dimension 0 keeps that coordinate of the normalised state positive whatever the layers add.
            for (var v = 0; v < vocab.Count; v++)
            {
                embedding[v * Hidden] = 50f;
            }
        }

        w.Tensor("token_embd.weight", [Hidden, vocab.Count], embedding);
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"blk.{layer}.";
            w.Tensor(p + "attn_norm.weight", [Hidden], Ones(Hidden));
            w.Tensor(p + "attn_q.weight", [Hidden, Hidden], Random(random, Hidden * Hidden, scale));
            w.Tensor(p + "attn_k.weight", [Hidden, Hidden], Random(random, Hidden * Hidden, scale));
            w.Tensor(p + "attn_v.weight", [Hidden, Hidden], Random(random, Hidden * Hidden, scale));
            w.Tensor(p + "attn_output.weight", [Hidden, Hidden], Random(random, Hidden * Hidden, scale));
            w.Tensor(p + "ffn_norm.weight", [Hidden], Ones(Hidden));
            w.Tensor(p + "ffn_gate.weight", [Hidden, FeedForward], Random(random, Hidden * FeedForward, scale));
            w.Tensor(p + "ffn_up.weight", [Hidden, FeedForward], Random(random, Hidden * FeedForward, scale));
            w.Tensor(p + "ffn_down.weight", [FeedForward, Hidden], Random(random, Hidden * FeedForward, scale));
        }

        if (fixedId < 0)
        {
            w.Tensor("output_norm.weight", [Hidden], Ones(Hidden));
        }
        else
        {
            // Only dimension 0 survives the final norm, and only the fixed token's output row reads it: its logit is about
            // 80, every other logit 0.
            var norm = new float[Hidden];
            norm[0] = 1f;
            w.Tensor("output_norm.weight", [Hidden], norm);
            var output = new float[vocab.Count * Hidden];
            output[fixedId * Hidden] = 10f;
            w.Tensor("output.weight", [Hidden, vocab.Count], output);
        }

        return w;
    }

    private static int IndexOf(string piece)
    {
        for (var i = 0; i < Vocabulary.Count; i++)
        {
            if (Vocabulary[i] == piece)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{piece}' is not in the tiny vocabulary");
    }

    private static List<string> BuildVocabulary()
    {
        var vocab = new List<string> { "<unk>", "<s>", "</s>" };
        vocab.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        vocab.Add("▁");
        vocab.AddRange(Enumerable.Range('a', 26).Select(c => ((char)c).ToString()));
        vocab.AddRange(Words);
        vocab.Add("<|im_start|>");
        vocab.Add("<|im_end|>");
        return vocab;
    }

    private static float Score(string piece) => piece.StartsWith("<0x", StringComparison.Ordinal) || piece.StartsWith('<') ? 0f : piece.Length;

    private static int TokenType(string piece) => piece switch
    {
        "<unk>" => 2,
        "<s>" or "</s>" or "<|im_start|>" or "<|im_end|>" => 3,
        _ when piece.StartsWith("<0x", StringComparison.Ordinal) => 6,
        _ => 1,
    };

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

    private static float[] Random(Random random, int n, float scale)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = ((float)random.NextDouble() * 2 - 1) * scale;
        }

        return values;
    }
}
