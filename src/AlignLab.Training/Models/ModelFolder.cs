using System.Globalization;
using AlignLab.Training.Tokenizers;
using TorchSharp;

namespace AlignLab.Training.Models;

/// <summary>Creates a randomly initialised Hugging Face model folder (what <c>alignlab model init</c> writes).</summary>
public static class ModelFolder
{
    /// <summary>
    /// Writes config.json, model.safetensors (fp32), generation_config.json and, when the vocabulary is the byte
    /// tokenizer's 259, tokenizer.json and tokenizer_config.json into <paramref name="directory"/>.
    /// </summary>
    /// <returns>The number of parameters.</returns>
    public static long Initialise(DecoderConfig config, string directory, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        torch.random.manual_seed(seed);
        using var model = new DecoderModel(config);
        DecoderCheckpoint.Save(model, directory);
        if (config.VocabSize == ByteTokenizer.VocabSize)
        {
            ByteTokenizer.WriteDirectory(directory);
        }

        var eos = config.EosTokenIds.Count == 1 ? Id(config.EosTokenIds[0]) : $"[{string.Join(", ", config.EosTokenIds.Select(i => Id(i)))}]";
        File.WriteAllText(Path.Combine(directory, "generation_config.json"),
            $"{{\n  \"bos_token_id\": {Id(config.BosTokenId)},\n  \"eos_token_id\": {eos},\n  \"pad_token_id\": {Id(config.PadTokenId)},\n" +
            "  \"do_sample\": false\n}\n");
        return model.NamedTensors().Sum(p => p.Value.numel());
    }

    private static string Id(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "null";
}
