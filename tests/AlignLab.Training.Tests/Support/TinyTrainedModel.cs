using AlignLab.Training.Models;
using AlignLab.Training.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace AlignLab.Training.Tests.Support;

/// <summary>
/// A tiny model folder (byte tokenizer) trained for a few dozen AdamW steps to recite <see cref="Text"/>, so greedy
/// decoding has clear winners: random weights give near-equal logits, where rounding alone could change the arg-max.
/// </summary>
internal static class TinyTrainedModel
{
    public const string Text = "the quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog.";

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<DecoderArchitecture, string> s_folders = [];

    /// <summary>A folder trained once per test run for <paramref name="architecture"/>'s tiny config (read only: copy it to change it).</summary>
    public static string Folder(DecoderArchitecture architecture)
    {
        lock (s_gate)
        {
            if (!s_folders.TryGetValue(architecture, out var folder))
            {
                folder = Path.Combine(Path.GetTempPath(), $"alignlab-trained-{architecture}-{Guid.NewGuid():N}");
                Write(DecoderConfig.Tiny(architecture), folder);
                s_folders[architecture] = folder;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
            }

            return folder;
        }
    }

    public static void Write(DecoderConfig config, string directory, int steps = 60)
    {
        using var model = new DecoderModel(config);
        using (no_grad())
        using (var generator = new Generator(5))
        {
            // Its own generator: tests of other classes running in parallel reseed and draw from the global one.
            foreach (var (name, parameter) in model.NamedTensors().Where(p => !p.Key.EndsWith("norm.weight", StringComparison.Ordinal)))
            {
                using var values = randn(parameter.shape, generator: generator);
                parameter.copy_(values * (name.EndsWith(".bias", StringComparison.Ordinal) ? 0 : 0.02));
            }
        }

        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        using var ids = tensor(ByteTokenizer.Encode(Text), dtype: ScalarType.Int64).unsqueeze(0);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.Forward(ids[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, config.VocabSize), ids[.., 1..].reshape(-1));
            loss.backward();
            optimizer.step();
        }

        model.eval();
        DecoderCheckpoint.Save(model, directory);
        ByteTokenizer.WriteDirectory(directory);
    }
}
