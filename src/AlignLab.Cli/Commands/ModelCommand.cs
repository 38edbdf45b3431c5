using System.CommandLine;
using System.Globalization;
using AlignLab.Training;
using AlignLab.Training.Models;
using AlignLab.Training.Sampling;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab model init</c>: a randomly initialised Llama/Qwen2/Gemma folder in Hugging Face layout (config.json,
/// model.safetensors, byte-level tokenizer.json); <c>alignlab model generate</c>: greedy or sampled text from such a folder;
/// <c>alignlab model export</c>: <see cref="ModelExportCommand"/>.
/// </summary>
internal static class ModelCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("model", "Create and run small decoder-only models in Hugging Face checkpoint folders (TorchSharp).");
        cmd.Subcommands.Add(Init(ctx));
        cmd.Subcommands.Add(Generate(ctx));
        cmd.Subcommands.Add(ModelExportCommand.Create(ctx));
        return cmd;
    }

    private static Command Init(CliContext ctx)
    {
        var arch = new Option<string>("--arch") { Description = "llama, qwen2 or gemma.", DefaultValueFactory = _ => "llama" };
        var layers = new Option<int>("--layers") { Description = "Decoder layers.", DefaultValueFactory = _ => 2 };
        var width = new Option<int>("--width") { Description = "Hidden size (a multiple of --heads).", DefaultValueFactory = _ => 64 };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => 4 };
        var kvHeads = new Option<int>("--kv-heads")
        {
            Description = "Key/value heads (grouped-query attention); divides --heads.", DefaultValueFactory = _ => 2,
        };
        var seed = new Option<long>("--seed") { Description = "Random seed for the weights.", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "The folder to write (created; must be empty if it exists).", Required = true,
        };
        var cmd = new Command("init", "Write a randomly initialised model folder: config.json, model.safetensors (fp32), generation_config.json, "
            + "and a byte-level tokenizer.json (259 tokens: <pad>, <s>, </s>, then one per byte).")
        {
            arch, layers, width, heads, kvHeads, seed, output,
        };
        cmd.SetAction(parse =>
        {
            var architecture = parse.GetValue(arch) switch
            {
                "llama" => DecoderArchitecture.Llama,
                "qwen2" => DecoderArchitecture.Qwen2,
                "gemma" => DecoderArchitecture.Gemma,
                var other => throw new CliUsageException($"--arch: '{other}' is not llama, qwen2 or gemma"),
            };
            var (w, h) = (parse.GetValue(width), parse.GetValue(heads));
            if (h <= 0 || w <= 0 || w % h != 0)
            {
                throw new CliUsageException($"--width {w} must be a positive multiple of --heads {h}");
            }

            var config = DecoderConfig.Tiny(architecture, parse.GetValue(layers), w, h, parse.GetValue(kvHeads));
            var errors = DecoderConfigValidator.Validate(config);
            if (errors.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", errors));
            }

            var dir = parse.GetValue(output)!;
            if (dir.Exists && dir.EnumerateFileSystemInfos().Any())
            {
                throw new CliUsageException($"--out: {dir.FullName} is not empty");
            }

            var parameters = ModelFolder.Initialise(config, dir.FullName, parse.GetValue(seed));
            ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {config.ModelType} model ({config.NumHiddenLayers} layers, width {config.HiddenSize}, {parameters:N0} parameters) " +
                $"to {dir.FullName}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Generate(CliContext ctx)
    {
        var model = new Option<DirectoryInfo>("--model", "-m") { Description = "A model folder (config.json + safetensors).", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "The text to continue.", Required = true };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 32 };
        var device = new Option<string>("--device") { Description = "cpu (default), cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var temperature = new Option<double>("--temperature")
        {
            Description = "0 (default) is greedy; above 0 samples.", DefaultValueFactory = _ => 0,
        };
        var topP = new Option<double>("--top-p")
        {
            Description = "Nucleus sampling: keep the likeliest tokens up to this probability.", DefaultValueFactory = _ => 1,
        };
        var topK = new Option<int?>("--top-k") { Description = "Keep only the K likeliest tokens." };
        var seed = new Option<long?>("--seed") { Description = "Seed for sampling (the same seed repeats the text)." };
        var stop = new Option<string[]>("--stop") { Description = "Stop before this text (repeatable)." };
        var cmd = new Command("generate",
            "Continue a prompt with a model folder that uses the byte tokenizer of 'model init' (greedy unless --temperature).")
        {
            model, prompt, maxTokens, device, temperature, topP, topK, seed, stop,
        };
        cmd.SetAction(parse =>
        {
            var (target, deviceError) = TrainingDevice.Parse(parse.GetValue(device));
            if (target is null)
            {
                throw new CliUsageException("--device: " + deviceError);
            }

            var loaded = DecoderCheckpoint.Load(parse.GetValue(model)!.FullName, target);
            if (loaded.Value is null)
            {
                throw new CliUsageException("--model: " + string.Join("; ", loaded.Errors));
            }

            using var decoder = loaded.Value;
            if (decoder.Config.VocabSize != ByteTokenizer.VocabSize)
            {
                throw new CliUsageException($"--model: vocab_size {decoder.Config.VocabSize} is not the byte tokenizer's {ByteTokenizer.VocabSize}");
            }

            var sampling = new SamplingOptions
            {
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                TopK = parse.GetValue(topK),
                Seed = parse.GetValue(seed),
                MaxNewTokens = Math.Max(0, parse.GetValue(maxTokens)),
            };
            if (sampling.Validate() is { Count: > 0 } errors)
            {
                throw new CliUsageException(string.Join("; ", errors));
            }

            decoder.eval();
            var tokens = TokenSampler.Generate(decoder, ByteTokenizer.Encode(parse.GetValue(prompt)!), sampling).ToList();
            var text = ByteTokenizer.Decode(tokens);
            foreach (var s in parse.GetValue(stop) ?? [])
            {
                var at = s.Length == 0 ? -1 : text.IndexOf(s, StringComparison.Ordinal);
                text = at >= 0 ? text[..at] : text;
            }

            ctx.Output.WriteLine(text);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
