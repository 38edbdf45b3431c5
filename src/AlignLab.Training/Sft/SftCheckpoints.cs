using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp;

namespace AlignLab.Training.Sft;

/// <summary>
/// Resumable checkpoints under <c>OUT/checkpoints/step-NNNNNN/</c>: the trained weights (PEFT adapter files, or
/// <c>model.safetensors</c> for full fine-tuning), <c>optimizer.bin</c> (AdamW moments) and <c>trainer_state.json</c>,
/// written last. A checkpoint is written into a temporary folder and renamed into place, then the <c>latest</c> file is
/// replaced by a rename too, so a failure (a full disk) leaves the previous checkpoint and pointer whole. The reward
/// trainer adds its scalar head as <c>reward_head.safetensors</c> (and has no decoder at all on a frozen encoder).
/// </summary>
internal sealed class SftCheckpoints(string outputDirectory, Func<string, Stream>? createFile)
{
    public const string StateFileName = "trainer_state.json";
    private const string OptimizerFileName = "optimizer.bin";
    private const string LatestFileName = "latest";
    private const string HeadFileName = "reward_head.safetensors";
    private readonly Func<string, Stream> _create =
        createFile ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None));

    public string Directory { get; } = Path.Combine(outputDirectory, "checkpoints");

    /// <summary>Writes step <paramref name="step"/>'s checkpoint; null on success, else why it failed (nothing changed).</summary>
    public string? Save(
        int step, long seed, DecoderModel? model, LoraAdapter? adapter, TorchSharp.Modules.AdamW optimizer, int keep,
        IReadOnlyList<KeyValuePair<string, torch.Tensor>>? head = null)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"step-{step:D6}");
        var temporary = Path.Combine(Directory, ".tmp-" + name);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            if (System.IO.Directory.Exists(temporary))
            {
                System.IO.Directory.Delete(temporary, recursive: true);
            }

            System.IO.Directory.CreateDirectory(temporary);
            if (adapter is not null)
            {
                PeftAdapterFiles.Save(adapter, temporary, null, _create);
            }
            else if (model is not null)
            {
                using var weights = _create(Path.Combine(temporary, SafetensorsCheckpoint.SingleFileName));
                SafetensorsFile.Write(weights, model.NamedTensors());
            }

            if (head is not null)
            {
                using var weights = _create(Path.Combine(temporary, HeadFileName));
                SafetensorsFile.Write(weights, head);
            }

            using (var stream = _create(Path.Combine(temporary, OptimizerFileName)))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                optimizer.save_state_dict(writer);
            }

            using (var stream = _create(Path.Combine(temporary, StateFileName)))
            {
                stream.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"step\": {step}, \"seed\": {seed}, \"lora\": {(adapter is null ? "false" : "true")}}}\n")));
            }

            var final = Path.Combine(Directory, name);
            if (System.IO.Directory.Exists(final))
            {
                System.IO.Directory.Delete(final, recursive: true);
            }

            System.IO.Directory.Move(temporary, final);
            var pointer = Path.Combine(Directory, LatestFileName + ".tmp");
            TryDelete(pointer); // left by a process killed between writing and renaming it
            using (var stream = _create(pointer))
            {
                stream.Write(Encoding.UTF8.GetBytes(name + "\n"));
            }

            File.Move(pointer, Path.Combine(Directory, LatestFileName), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            TryDelete(Path.Combine(Directory, LatestFileName + ".tmp"));
            return $"checkpoint at step {step} was not written ({ex.Message}); the previous checkpoint is kept";
        }

        foreach (var old in Completed().SkipLast(keep))
        {
            TryDelete(old.Path);
        }

        return null;
    }

    /// <summary>The newest complete checkpoint: the one <c>latest</c> names, else the highest complete step folder.</summary>
    public (int Step, string Path)? Latest()
    {
        var pointer = Path.Combine(Directory, LatestFileName);
        if (File.Exists(pointer))
        {
            var named = Path.Combine(Directory, File.ReadAllText(pointer).Trim());
            var found = Completed().LastOrDefault(c => c.Path == named);
            if (found.Path is not null)
            {
                return found;
            }
        }

        return Completed().Count > 0 ? Completed()[^1] : null;
    }

    /// <summary>Loads a checkpoint's weights and optimiser state; returns the problems (none on success).</summary>
    public static IReadOnlyList<string> Load(
        string path, DecoderModel? model, LoraAdapter? adapter, TorchSharp.Modules.AdamW optimizer,
        IReadOnlyList<KeyValuePair<string, torch.Tensor>>? head = null)
    {
        using (var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(path, StateFileName))))
        {
            var lora = state.RootElement.TryGetProperty("lora", out var l) && l.ValueKind == JsonValueKind.True;
            if (lora != adapter is not null)
            {
                return [$"{path} was written by a {(lora ? "LoRA" : "full fine-tuning")} run; this run is the other kind"];
            }
        }

        if (head is not null && CopyInto(Path.Combine(path, HeadFileName), head) is { Count: > 0 } headErrors)
        {
            return headErrors;
        }

        if (model is not null || adapter is not null)
        {
            var errors = LoadWeights(path, model!, adapter);
            if (errors.Count > 0)
            {
                return errors;
            }
        }

        using var stream = File.OpenRead(Path.Combine(path, OptimizerFileName));
        using var reader = new BinaryReader(stream);
        optimizer.load_state_dict(reader);
        return [];
    }

    /// <summary>
    /// Copies the tensors of a safetensors file into <paramref name="targets"/> by name; a missing tensor, or one whose
    /// shape differs, is named with both shapes and nothing is copied.
    /// </summary>
    internal static IReadOnlyList<string> CopyInto(string file, IReadOnlyList<KeyValuePair<string, torch.Tensor>> targets)
    {
        var read = SafetensorsFile.Read(file);
        if (read.Value is null)
        {
            return read.Errors;
        }

        try
        {
            var errors = new List<string>();
            foreach (var (name, target) in targets)
            {
                if (!read.Value.TryGetValue(name, out var source))
                {
                    errors.Add($"{file}: tensor '{name}' is missing");
                }
                else if (!source.shape.SequenceEqual(target.shape))
                {
                    errors.Add($"{file}: tensor '{name}' has shape [{string.Join(", ", source.shape)}], "
                        + $"expected [{string.Join(", ", target.shape)}]");
                }
            }

            if (errors.Count == 0)
            {
                using var noGrad = torch.no_grad();
                foreach (var (name, target) in targets)
                {
                    target.copy_(read.Value[name]);
                }
            }

            return errors;
        }
        finally
        {
            foreach (var tensor in read.Value.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static IReadOnlyList<string> LoadWeights(string path, DecoderModel model, LoraAdapter? adapter)
    {
        var weights = SafetensorsFile.Read(
            Path.Combine(path, adapter is null ? SafetensorsCheckpoint.SingleFileName : PeftAdapterFiles.WeightsFileName));
        if (weights.Value is null)
        {
            return weights.Errors;
        }

        try
        {
            if (adapter is not null)
            {
                var errors = adapter.LoadStateDict(weights.Value);
                if (errors.Count > 0)
                {
                    return errors;
                }
            }
            else
            {
                var errors = new List<string>();
                using var noGrad = torch.no_grad();
                foreach (var (name, target) in model.NamedTensors())
                {
                    if (!weights.Value.TryGetValue(name, out var source) || !source.shape.SequenceEqual(target.shape))
                    {
                        errors.Add($"{path}: tensor '{name}' is missing or has another shape");
                        continue;
                    }

                    target.copy_(source);
                }

                if (errors.Count > 0)
                {
                    return errors;
                }
            }
        }
        finally
        {
            foreach (var tensor in weights.Value.Values)
            {
                tensor.Dispose();
            }
        }

        return [];
    }

    private List<(int Step, string Path)> Completed()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateDirectories(Directory, "step-*")
            .Where(d => File.Exists(Path.Combine(d, StateFileName)))
            .Select(d => (Step: int.TryParse(Path.GetFileName(d)[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1, Path: d))
            .Where(c => c.Step >= 0)
            .OrderBy(c => c.Step)];
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // best effort: a leftover temporary folder is ignored by Latest() and replaced by the next save
        }
    }
}
