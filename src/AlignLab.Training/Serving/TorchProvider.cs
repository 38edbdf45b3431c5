using System.Text.Json;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Training.Models;
using AlignLab.Training.Sampling;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Training.Serving;

/// <summary>
/// The <c>torch:DIR</c> model provider: a Hugging Face checkpoint folder (what <c>model init</c> and the trainers write) run
/// by TorchSharp on the CPU. Call <see cref="Register"/> once at startup and every model spec (chat, eval, judges, critique,
/// <c>serve --upstream</c>) accepts <c>torch:</c>. It lives here rather than in AlignLab.Providers so that only
/// applications that reference the training stack carry libtorch.
/// </summary>
public static class TorchProvider
{
    /// <summary>The provider name in model specs.</summary>
    public const string Name = ModelSpec.Torch;

    /// <summary>Makes <see cref="ChatClientFactory.Create(ModelSpec, ProviderOptions?)"/> build <c>torch:</c> specs. Idempotent.</summary>
    public static void Register() => ChatClientFactory.Register(Name, static (spec, _) => Create(spec));

    /// <summary>Loads the folder of <paramref name="spec"/>; the client owns the model.</summary>
    /// <exception cref="ModelProviderException">The folder is missing, its checkpoint is unreadable or inconsistent (the message
    /// lists every error), or its tokenizer is not the byte tokenizer this provider speaks.</exception>
    public static TorchChatClient Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Provider != Name)
        {
            throw new ArgumentException($"'{spec}' is not a {Name}: spec", nameof(spec));
        }

        var directory = Path.GetFullPath(spec.Model);
        if (!Directory.Exists(directory))
        {
            throw Error(spec, $"{directory}: folder not found (torch: takes a checkpoint folder with config.json and *.safetensors)");
        }

        var loaded = DecoderCheckpoint.Load(directory);
        if (loaded.Value is null)
        {
            throw Error(spec, $"{directory}: {string.Join("; ", loaded.Errors)}");
        }

        if (loaded.Value.Config.VocabSize != ByteTokenizer.VocabSize || !File.Exists(Path.Combine(directory, "tokenizer.json")))
        {
            loaded.Value.Dispose();
            throw Error(spec, $"{directory}: torch: serves models with the byte tokenizer of 'alignlab model init' " +
                              $"(vocab_size {ByteTokenizer.VocabSize} and its tokenizer.json); " +
                              $"this one has vocab_size {loaded.Value.Config.VocabSize}");
        }

        loaded.Value.eval();
        return new TorchChatClient(loaded.Value, directory, GenerationDefaults(directory));
    }

    /// <summary>generation_config.json's sampling defaults: greedy unless it says do_sample.</summary>
    internal static SamplingOptions GenerationDefaults(string directory)
    {
        var path = Path.Combine(directory, "generation_config.json");
        try
        {
            using var json = JsonDocument.Parse(File.Exists(path) ? File.ReadAllBytes(path) : "{}"u8.ToArray());
            var root = json.RootElement;
            var sampled = root.ValueKind == JsonValueKind.Object
                          && root.TryGetProperty("do_sample", out var sample) && sample.ValueKind == JsonValueKind.True;
            if (!sampled)
            {
                return SamplingOptions.Greedy;
            }

            var options = new SamplingOptions
            {
                Temperature = Number(root, "temperature") ?? 1.0,
                TopP = Number(root, "top_p") ?? 1.0,
                TopK = Number(root, "top_k") is { } k ? (int)k : null,
            };
            return options.Validate().Count == 0 ? options : SamplingOptions.Greedy;
        }
        catch (JsonException)
        {
            return SamplingOptions.Greedy;
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static ModelProviderException Error(ModelSpec spec, string message) => new(Name, spec.Model, null, message);
}
