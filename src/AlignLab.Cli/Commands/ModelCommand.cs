using System.CommandLine;
using System.Globalization;
using AlignLab.Training;
using AlignLab.Training.Generation;
using AlignLab.Training.Models;
using AlignLab.Training.Tokenizers;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab model init</c>: a randomly initialised Llama/Qwen2/Gemma folder in Hugging Face layout (config.json,
/// model.safetensors, byte-level tokenizer.json); <c>alignlab model generate</c>: greedy text from such a folder.
/// </summary>
internal static class ModelCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("model", "Create and run small decoder-only models in Hugging Face checkpoint folders (TorchSharp).");
        cmd.Subcommands.Add(Init(ctx));
        cmd.Subcommands.Add(Generate(ctx));
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
        var cmd = new Command("generate", "Continue a prompt greedily with a model folder that uses the byte tokenizer of 'model init'.")
        {
            model, prompt, maxTokens, device,
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

            decoder.eval();
            var tokens = GreedyDecoder.Generate(decoder, ByteTokenizer.Encode(parse.GetValue(prompt)!), Math.Max(0, parse.GetValue(maxTokens)));
            ctx.Output.WriteLine(ByteTokenizer.Decode(tokens));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
