using System.CommandLine;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AlignLab.Training;
using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Cli.Commands;

/// <summary>What <c>train sft</c>, <c>train reward</c> and <c>train dpo</c> share: --lora and --device parsing, loading
/// the base folder for the byte tokenizer, copying its tokenizer files, and reading preference pairs.</summary>
internal static class TrainingCommandParts
{
    public static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "generation_config.json", "tokenizer.model", "special_tokens_map.json"];

    public static Option<string?> LoraOption() => new("--lora")
    {
        Description = "Train LoRA adapters: r=16,alpha=32[,dropout=0.05][,targets=q_proj+v_proj|all-linear]. Without it every weight trains.",
    };

    public static Option<string> DeviceOption() =>
        new("--device") { Description = "cpu (default), cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    public static LoraOptions? ParseLora(string? spec)
    {
        if (spec is null)
        {
            return null;
        }

        var (parsed, errors) = LoraOptions.Parse(spec);
        return parsed ?? throw new CliUsageException("--lora: " + string.Join("; ", errors));
    }

    public static TorchSharp.torch.Device ParseDevice(string? spec)
    {
        var (target, error) = TrainingDevice.Parse(spec);
        return target ?? throw new CliUsageException("--device: " + error);
    }

    /// <summary>The --base folder as a model the byte tokenizer can train (a usage error naming the problem otherwise).</summary>
    public static DecoderModel LoadBase(DirectoryInfo baseDir, TorchSharp.torch.Device? device)
    {
        var loaded = DecoderCheckpoint.Load(baseDir.FullName, device);
        var model = loaded.Value ?? throw new CliUsageException("--base: " + string.Join("; ", loaded.Errors));
        if (model.Config.VocabSize != ByteTokenizer.VocabSize)
        {
            model.Dispose();
            throw new CliUsageException(
                FormattableString.Invariant($"--base: vocab_size {model.Config.VocabSize}: only the byte tokenizer of 'model init' ")
                + FormattableString.Invariant($"({ByteTokenizer.VocabSize} ids) is supported so far"));
        }

        return model;
    }

    public static void CheckOutput(DirectoryInfo baseDir, DirectoryInfo outDir, bool resume)
    {
        if (Path.GetFullPath(baseDir.FullName).TrimEnd('/') == Path.GetFullPath(outDir.FullName).TrimEnd('/'))
        {
            throw new CliUsageException("--out must not be the --base folder");
        }

        if (!resume && outDir.Exists && Directory.Exists(Path.Combine(outDir.FullName, "checkpoints")))
        {
            throw new CliUsageException(
                $"--out: {outDir.FullName} holds checkpoints of an earlier run; pass --resume to continue it or choose another folder");
        }
    }

    /// <summary>Copies the base folder's tokenizer files beside a model written in full (not beside an adapter).</summary>
    public static void CopyTokenizerFiles(DirectoryInfo baseDir, DirectoryInfo outDir)
    {
        foreach (var file in TokenizerFiles)
        {
            var source = Path.Combine(baseDir.FullName, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(outDir.FullName, file), overwrite: true);
            }
        }
    }

    /// <summary>
    /// The pairs of --pairs (skipped lines reported), at most <paramref name="maxPairs"/> of them (a seeded sample), split
    /// into training and held-out pairs: --eval when given, else the pairs whose prompt's SHA-256 falls in the first
    /// <paramref name="evalFraction"/> of its range (so one prompt's pairs stay on one side, and the split never depends
    /// on the order or the seed).
    /// </summary>
    public static (List<PreferenceExample> Train, List<PreferenceExample> HeldOut) ReadPairs(
        CliContext ctx, FileInfo pairs, FileInfo? evalFile, double evalFraction, int maxPairs, long seed)
    {
        var examples = Read(ctx, pairs, "--pairs");
        if (maxPairs > 0 && examples.Count > maxPairs)
        {
            var order = Enumerable.Range(0, examples.Count).ToArray();
            new Random((int)(seed & int.MaxValue)).Shuffle(order);
            examples = [.. order.Take(maxPairs).Order().Select(i => examples[i])];
        }

        if (examples.Count == 0)
        {
            throw new CliUsageException($"--pairs: {pairs.FullName} has no usable pair");
        }

        if (evalFile is not null)
        {
            return (examples, Read(ctx, evalFile, "--eval"));
        }

        var held = examples.Where(p => InHeldOut(p.Prompt, evalFraction)).ToList();
        return ([.. examples.Where(p => !InHeldOut(p.Prompt, evalFraction))], held);
    }

    /// <summary>Whether a prompt is held out: the first 8 bytes of its UTF-8 SHA-256 (big-endian) scaled to [0, 1) are below the fraction.</summary>
    public static bool InHeldOut(string prompt, double fraction) =>
        fraction > 0 && BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(prompt))) / 18446744073709551616.0 < fraction;

    private static List<PreferenceExample> Read(CliContext ctx, FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"{option}: {file.FullName} does not exist");
        }

        IReadOnlyList<PreferenceExample> pairs;
        IReadOnlyList<string> problems;
        if (file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new System.IO.Compression.GZipStream(file.OpenRead(), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            (pairs, problems) = PreferenceJsonl.Read(reader, file.FullName);
        }
        else
        {
            (pairs, problems) = PreferenceJsonl.Read(file.FullName);
        }

        foreach (var problem in problems)
        {
            ctx.Error.WriteLine("alignlab: skipped " + problem);
        }

        return [.. pairs];
    }
}
