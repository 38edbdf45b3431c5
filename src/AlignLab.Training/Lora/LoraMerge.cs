using System.Text.Json;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Export;
using AlignLab.Training.Models;

namespace AlignLab.Training.Lora;

/// <summary>Folds a PEFT adapter folder (as <c>train sft</c> and <c>train dpo</c> write it) into its base model.</summary>
public static class LoraMerge
{
    /// <summary>Whether <paramref name="directory"/> holds an adapter and no model of its own.</summary>
    public static bool IsAdapterFolder(string directory) =>
        File.Exists(Path.Combine(directory, PeftAdapterFiles.ConfigFileName)) && !File.Exists(Path.Combine(directory, "config.json"));

    /// <summary>
    /// Loads the base (<paramref name="baseDirectory"/>, else the adapter config's <c>base_model_name_or_path</c>), applies
    /// the adapter, merges it and writes the merged checkpoint with the base's tokenizer files to
    /// <paramref name="outputDirectory"/>.
    /// </summary>
    /// <returns>The output folder, or what was wrong (the base not found, an adapter that does not fit it).</returns>
    public static CheckpointResult<string> ToFolder(string adapterDirectory, string? baseDirectory, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(adapterDirectory);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        var baseFolder = baseDirectory ?? BaseNamedIn(adapterDirectory);
        if (baseFolder is null || !Directory.Exists(baseFolder))
        {
            var why = baseFolder is null ? "is not named in its config (give --base)" : $"{baseFolder} was not found";
            return CheckpointResult<string>.Fail($"{adapterDirectory}: the adapter's base model folder {why}");
        }

        var loaded = DecoderCheckpoint.Load(baseFolder);
        if (loaded.Value is null)
        {
            return CheckpointResult<string>.Fail(loaded.Errors);
        }

        using var model = loaded.Value;
        var attached = PeftAdapterFiles.Load(model, adapterDirectory);
        if (attached.Value is null)
        {
            return CheckpointResult<string>.Fail(attached.Errors);
        }

        using var adapter = attached.Value;
        adapter.Merge(); // the base weights now hold W + B·A·scaling; the model's own tensors are what is saved
        DecoderCheckpoint.Save(model, outputDirectory);
        foreach (var name in HfExporter.CopiedFiles.Where(n => File.Exists(Path.Combine(baseFolder, n))))
        {
            File.Copy(Path.Combine(baseFolder, name), Path.Combine(outputDirectory, name), overwrite: true);
        }

        return CheckpointResult<string>.Ok(Path.GetFullPath(outputDirectory));
    }

    private static string? BaseNamedIn(string adapterDirectory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapterDirectory, PeftAdapterFiles.ConfigFileName)));
            return document.RootElement.TryGetProperty("base_model_name_or_path", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
