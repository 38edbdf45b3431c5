using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;
using AlignLab.Training.Preferences;
using AlignLab.Training.Sft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Reward;

/// <summary>
/// A scalar reward for an answer to a prompt, trained on preference pairs by <see cref="RewardTrainer"/>. Two kinds:
/// a decoder whose head (<c>score.weight</c> [1, hidden], as transformers' sequence-classification models) reads the final
/// hidden state of the answer's EOS in the SFT chat layout; or a head over a frozen sentence encoder's embeddings of the
/// prompt p and the answer a, reading [p, a, p⊙a] through <c>dense</c> (tanh) and <c>score</c>. A saved folder holds
/// <c>reward_config.json</c>, <c>reward_head.safetensors</c> and, for a decoder, its checkpoint (LoRA merged in).
/// </summary>
public sealed class RewardModel : IDisposable
{
    /// <summary>The reward model's own config file.</summary>
    public const string ConfigFileName = "reward_config.json";

    /// <summary>The head's weights.</summary>
    public const string HeadFileName = "reward_head.safetensors";

    private readonly Func<string, float[]>? _embed;
    private readonly List<(string Name, Parameter Value)> _head;

    private RewardModel(
        RewardModelKind kind, DecoderModel? decoder, Func<string, float[]>? embed, int dimensions, int headHidden, int maxLength)
    {
        Kind = kind;
        Decoder = decoder;
        _embed = embed;
        Dimensions = dimensions;
        HeadHidden = headHidden;
        MaxLength = maxLength;
        var device = decoder?.parameters().First().device ?? CPU;
        _head = [];
        if (kind == RewardModelKind.Decoder || headHidden == 0)
        {
            var inputs = kind == RewardModelKind.Decoder ? dimensions : 3 * dimensions;
            _head.Add(("score.weight", Random([1, inputs], inputs, device)));
        }
        else
        {
            _head.Add(("dense.weight", Random([headHidden, 3 * dimensions], 3 * dimensions, device)));
            _head.Add(("dense.bias", nn.Parameter(zeros(headHidden, device: device))));
            _head.Add(("score.weight", Random([1, headHidden], headHidden, device)));
        }

        if (kind == RewardModelKind.Encoder)
        {
            _head.Add(("score.bias", nn.Parameter(zeros(1, device: device))));
        }
    }

    /// <summary>Draws the head's weights again from torch's generator (the trainer seeds it first).</summary>
    internal void ResetHead()
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in _head)
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                value.zero_();
            }
            else
            {
                value.normal_(0, 1.0 / Math.Sqrt(value.shape[1]));
            }
        }
    }

    private static Parameter Random(long[] shape, long inputs, Device device) =>
        nn.Parameter(randn(shape, device: device).mul_(1.0 / Math.Sqrt(inputs)));

    /// <summary>Where the features come from.</summary>
    public RewardModelKind Kind { get; }

    /// <summary>The decoder (null for the encoder kind).</summary>
    public DecoderModel? Decoder { get; }

    /// <summary>The decoder's hidden size, or the encoder's embedding size.</summary>
    public int Dimensions { get; }

    /// <summary>Hidden units of the encoder head (0: linear; always 0 for a decoder).</summary>
    public int HeadHidden { get; }

    /// <summary>Longest prompt + answer in tokens (decoder kind).</summary>
    public int MaxLength { get; }

    /// <summary>The head's tensors by name, as saved.</summary>
    internal IReadOnlyList<KeyValuePair<string, Tensor>> HeadTensors =>
        [.. _head.Select(h => new KeyValuePair<string, Tensor>(h.Name, h.Value))];

    internal IReadOnlyList<Parameter> HeadParameters => [.. _head.Select(h => h.Value)];

    /// <summary>A decoder reward model with a fresh head (seed with <c>torch.manual_seed</c>); it owns <paramref name="decoder"/>.</summary>
    public static RewardModel ForDecoder(DecoderModel decoder, int maxLength = 256)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        return new RewardModel(RewardModelKind.Decoder, decoder, null, decoder.Config.HiddenSize, 0, maxLength);
    }

    /// <summary>An encoder reward model with a fresh head over <paramref name="embed"/> (text → <paramref name="dimensions"/> floats).</summary>
    public static RewardModel ForEncoder(Func<string, float[]> embed, int dimensions, int headHidden = 64)
    {
        ArgumentNullException.ThrowIfNull(embed);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(headHidden);
        return new RewardModel(RewardModelKind.Encoder, null, embed, dimensions, headHidden, 0);
    }

    /// <summary>The reward of <paramref name="answer"/> to <paramref name="prompt"/> (higher is better; only differences mean anything).</summary>
    public double Score(string prompt, string answer)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(answer);
        return Score([(prompt, answer)])[0];
    }

    /// <summary>The rewards of several (prompt, answer) pairs, computed in one batch.</summary>
    public IReadOnlyList<double> Score(IReadOnlyList<(string Prompt, string Answer)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        var wasTraining = Decoder?.training ?? false;
        Decoder?.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor rewards;
            if (Kind == RewardModelKind.Decoder)
            {
                rewards = DecoderRewards([.. items.Select(i => PairSequence.Encode(i.Prompt, i.Answer, SftTokenizer.Byte, MaxLength))]);
            }
            else
            {
                rewards = EncoderRewards(Embeddings([.. items.Select(i => i.Prompt)]), Embeddings([.. items.Select(i => i.Answer)]));
            }

            return [.. rewards.to(ScalarType.Float64).cpu().data<double>()];
        }
        finally
        {
            Decoder?.train(wasTraining);
        }
    }

    /// <summary>Rewards [n] of encoded sequences, read at each one's last token (with gradients).</summary>
    internal Tensor DecoderRewards(IReadOnlyList<PairSequence> sequences)
    {
        var decoder = Decoder!;
        var device = decoder.parameters().First().device;
        var length = sequences.Max(s => s.Ids.Length);
        var ids = new long[sequences.Count * length];
        var last = new long[sequences.Count];
        for (var row = 0; row < sequences.Count; row++)
        {
            Array.Copy(sequences[row].Ids, 0, ids, row * length, sequences[row].Ids.Length);
            last[row] = sequences[row].Ids.Length - 1;
        }

        using var input = tensor(ids, [sequences.Count, length], device: device);
        using var index = tensor(last, device: device);
        var hidden = decoder.Hidden(input);
        var picked = hidden[arange(sequences.Count, device: device), index];
        return picked.to(ScalarType.Float32).matmul(_head[0].Value.t()).squeeze(-1);
    }

    /// <summary>Rewards [n] from prompt and answer embeddings [n, d] (with gradients for the head).</summary>
    internal Tensor EncoderRewards(Tensor prompt, Tensor answer)
    {
        var features = cat([prompt, answer, prompt * answer], 1);
        var map = _head.ToDictionary(h => h.Name, h => (Tensor)h.Value, StringComparer.Ordinal);
        var hidden = HeadHidden == 0 ? features : tanh(features.matmul(map["dense.weight"].t()) + map["dense.bias"]);
        return (hidden.matmul(map["score.weight"].t()) + map["score.bias"]).squeeze(-1);
    }

    /// <summary>The frozen encoder's embeddings of <paramref name="texts"/> as a tensor [n, d].</summary>
    internal Tensor Embeddings(IReadOnlyList<string> texts)
    {
        var values = new float[texts.Count * Dimensions];
        for (var i = 0; i < texts.Count; i++)
        {
            var embedding = _embed!(texts[i]);
            if (embedding.Length != Dimensions)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"the encoder returned {embedding.Length} values; the reward head reads {Dimensions}"));
            }

            embedding.CopyTo(values, i * Dimensions);
        }

        return tensor(values, [texts.Count, Dimensions]);
    }

    /// <summary>Writes the folder <see cref="Load"/> reads (a decoder's checkpoint too; merge LoRA adapters first).</summary>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        if (Decoder is not null)
        {
            DecoderCheckpoint.Save(Decoder, directory);
        }

        using (var stream = File.Create(Path.Combine(directory, HeadFileName)))
        {
            SafetensorsFile.Write(stream, [.. HeadTensors.Select(h => new KeyValuePair<string, Tensor>(h.Key, h.Value.detach().cpu()))]);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("kind", Kind == RewardModelKind.Decoder ? "decoder" : "encoder");
            json.WriteNumber("dimensions", Dimensions);
            json.WriteNumber("head_hidden", HeadHidden);
            json.WriteNumber("max_length", MaxLength);
            json.WriteString(
                "features", Kind == RewardModelKind.Decoder ? "hidden state of the answer's last token" : "prompt, answer, prompt*answer");
            if (Kind == RewardModelKind.Encoder)
            {
                json.WriteString("encoder", "all-MiniLM-L6-v2");
            }

            json.WriteEndObject();
        }

        File.WriteAllText(Path.Combine(directory, ConfigFileName), Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    /// <summary>
    /// Reads a folder <see cref="Save"/> wrote. The encoder kind needs <paramref name="embed"/> (the same encoder it was
    /// trained on). A head tensor of another shape is named with both shapes.
    /// </summary>
    public static CheckpointResult<RewardModel> Load(string directory, Func<string, float[]>? embed = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var configPath = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(configPath))
        {
            return CheckpointResult<RewardModel>.Fail($"{directory}: no {ConfigFileName} (not a reward model folder)");
        }

        string? kind;
        int dimensions, hidden, maxLength;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = document.RootElement;
            kind = root.GetProperty("kind").GetString();
            dimensions = root.GetProperty("dimensions").GetInt32();
            hidden = root.GetProperty("head_hidden").GetInt32();
            maxLength = root.GetProperty("max_length").GetInt32();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return CheckpointResult<RewardModel>.Fail($"{configPath}: {ex.Message}");
        }

        RewardModel model;
        if (kind == "decoder")
        {
            var decoder = DecoderCheckpoint.Load(directory, device);
            if (decoder.Value is null)
            {
                return CheckpointResult<RewardModel>.Fail(decoder.Errors);
            }

            model = ForDecoder(decoder.Value, maxLength);
        }
        else if (kind == "encoder")
        {
            if (embed is null)
            {
                return CheckpointResult<RewardModel>.Fail($"{directory}: an encoder reward model needs the sentence encoder (all-MiniLM-L6-v2)");
            }

            if (dimensions < 1 || hidden < 0)
            {
                return CheckpointResult<RewardModel>.Fail($"{configPath}: dimensions and head_hidden must be positive");
            }

            model = ForEncoder(embed, dimensions, hidden);
        }
        else
        {
            return CheckpointResult<RewardModel>.Fail($"{configPath}: kind '{kind}' is not decoder or encoder");
        }

        var errors = SftCheckpoints.CopyInto(Path.Combine(directory, HeadFileName), model.HeadTensors);
        if (errors.Count > 0)
        {
            model.Dispose();
            return CheckpointResult<RewardModel>.Fail(errors);
        }

        return CheckpointResult<RewardModel>.Ok(model);
    }

    /// <summary>Releases the head and the decoder.</summary>
    public void Dispose()
    {
        foreach (var (_, value) in _head)
        {
            value.Dispose();
        }

        Decoder?.Dispose();
    }
}
