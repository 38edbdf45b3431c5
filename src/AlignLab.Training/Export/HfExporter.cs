using AlignLab.Training.Checkpoints;
using AlignLab.Training.Models;

namespace AlignLab.Training.Export;

/// <summary>
/// Writes a checkpoint folder again as a Hugging Face folder (<c>model export --format hf</c>): the weights checked
/// against config.json and saved as safetensors (optionally converted, e.g. to F16), with the tokenizer and generation files copied.
/// </summary>
public static class HfExporter
{
    /// <summary>Files copied unchanged when present.</summary>
    public static readonly IReadOnlyList<string> CopiedFiles =
        ["tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json", "chat_template.jinja"];

    /// <summary>
    /// Exports <paramref name="modelDirectory"/> into <paramref name="outputDirectory"/> (which must not be the same folder).
    /// Errors (a missing or wrongly shaped tensor, an unreadable file) are returned and nothing is written.
    /// </summary>
    /// <returns>The output folder's full path.</returns>
    public static CheckpointResult<string> Export(string modelDirectory, string outputDirectory, SafetensorsDtype? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        var source = Path.GetFullPath(modelDirectory);
        var target = Path.GetFullPath(outputDirectory);
        if (string.Equals(source.TrimEnd('/'), target.TrimEnd('/'), StringComparison.Ordinal))
        {
            return CheckpointResult<string>.Fail($"{target}: the output folder is the model folder");
        }

        var loaded = DecoderCheckpoint.Load(source);
        if (loaded.Value is null)
        {
            return CheckpointResult<string>.Fail(loaded.Errors);
        }

        using var model = loaded.Value;
        DecoderCheckpoint.Save(model, target, dtype);
        foreach (var name in CopiedFiles.Where(n => File.Exists(Path.Combine(source, n))))
        {
            File.Copy(Path.Combine(source, name), Path.Combine(target, name), overwrite: true);
        }

        return CheckpointResult<string>.Ok(target);
    }
}
