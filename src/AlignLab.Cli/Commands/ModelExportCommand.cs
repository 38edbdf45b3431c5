using System.CommandLine;
using System.Globalization;
using AlignLab.Training.Checkpoints;
using AlignLab.Training.Export;
using AlignLab.Training.Lora;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab model export --from DIR --format hf|gguf [--quant f16|q8_0|f32] --out PATH</c>: a checkpoint folder as a
/// Hugging Face folder, or as a GGUF file the <c>llama:</c> provider (LLamaSharp) serves.
/// </summary>
internal static class ModelExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var from = new Option<DirectoryInfo>("--from")
        {
            Description = "The model folder (config.json + safetensors + tokenizer.json).", Required = true,
        };
        var format = new Option<string>("--format") { Description = "hf (a Hugging Face folder) or gguf (one file for llama:).", Required = true };
        var quant = new Option<string?>("--quant")
        {
            Description = "gguf: f16 (default), q8_0 or f32. hf: f16, bf16 or f32 (default: as stored).",
        };
        var output = new Option<FileSystemInfo>("--out", "-o") { Description = "The .gguf file, or the folder for hf.", Required = true };
        var baseDir = new Option<DirectoryInfo?>("--base")
        {
            Description = "When --from is a LoRA adapter folder: its base model (default: base_model_name_or_path in adapter_config.json).",
        };
        var cmd = new Command("export", "Export a model folder as GGUF (served by llama:PATH.gguf) or as a Hugging Face folder.")
        {
            from, format, quant, output, baseDir,
        };
        cmd.SetAction(parse =>
        {
            var source = parse.GetValue(from)!;
            if (!source.Exists)
            {
                throw new CliUsageException($"--from: {source.FullName} is not a folder");
            }

            var target = parse.GetValue(output)!.FullName;
            var q = parse.GetValue(quant)?.ToLowerInvariant();
            string? merged = null;
            if (LoraMerge.IsAdapterFolder(source.FullName))
            {
                merged = Directory.CreateTempSubdirectory("alignlab-merged-").FullName;
                var result = LoraMerge.ToFolder(source.FullName, parse.GetValue(baseDir)?.FullName, merged);
                if (result.Value is null)
                {
                    Directory.Delete(merged, recursive: true);
                    throw new CliUsageException("--from: " + string.Join("; ", result.Errors));
                }

                ctx.Error.WriteLine($"alignlab: merged the LoRA adapter of {source.FullName} into its base model");
            }

            try
            {
                var from = merged ?? source.FullName;
                return parse.GetValue(format)?.ToLowerInvariant() switch
                {
                    "gguf" => Gguf(ctx, from, target, q),
                    "hf" => Hf(ctx, from, target, q),
                    var other => throw new CliUsageException($"--format: '{other}' is not hf or gguf"),
                };
            }
            finally
            {
                if (merged is not null)
                {
                    Directory.Delete(merged, recursive: true);
                }
            }
        });
        return cmd;
    }

    private static int Gguf(CliContext ctx, string source, string target, string? quant)
    {
        var quantization = quant switch
        {
            null or "f16" => GgufQuantization.F16,
            "q8_0" => GgufQuantization.Q8_0,
            "f32" => GgufQuantization.F32,
            _ => throw new CliUsageException($"--quant: '{quant}' is not f16, q8_0 or f32"),
        };
        if (Directory.Exists(target))
        {
            throw new CliUsageException($"--out: {target} is a folder; give the .gguf file to write");
        }

        var result = GgufExporter.Export(source, target, quantization);
        var written = result.Value ?? throw new CliUsageException("--from: " + string.Join("; ", result.Errors));
        ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {written.Path} ({written.Architecture}, {quant ?? "f16"}, {written.Tensors} tensors, {written.VocabularySize} tokens, " +
            $"{written.Bytes:N0} bytes); serve it with --model llama:{written.Path}"));
        return ExitCodes.Ok;
    }

    private static int Hf(CliContext ctx, string source, string target, string? quant)
    {
        SafetensorsDtype? dtype = quant switch
        {
            null => null,
            "f16" => SafetensorsDtype.F16,
            "bf16" => SafetensorsDtype.BF16,
            "f32" => SafetensorsDtype.F32,
            _ => throw new CliUsageException($"--quant: '{quant}' is not f16, bf16 or f32 for --format hf (q8_0 is a GGUF type)"),
        };
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new CliUsageException($"--out: {target} exists and is not an empty folder");
        }

        var result = HfExporter.Export(source, target, dtype);
        var written = result.Value ?? throw new CliUsageException("--from: " + string.Join("; ", result.Errors));
        ctx.Output.WriteLine($"wrote {written} (Hugging Face layout); use it with --model torch:{written}");
        return ExitCodes.Ok;
    }
}
