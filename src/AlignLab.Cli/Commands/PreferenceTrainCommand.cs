using System.CommandLine;
using System.Globalization;
using AlignLab.Training.Data;
using AlignLab.Training.Dpo;
using AlignLab.Training.Preferences;
using AlignLab.Training.Reward;
using AlignLab.Training.Sft;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab train reward --base DIR|encoder --pairs FILE --out DIR</c> and <c>alignlab train dpo --base DIR --pairs FILE
/// --beta 0.1 --out DIR</c>: the preference trainers, on pairs.jsonl as <c>cai generate</c> and <c>prefs label</c> write it,
/// hand-written {prompt, chosen, rejected} lines or Anthropic HH transcripts (.jsonl or .jsonl.gz).
/// </summary>
internal static class PreferenceTrainCommand
{
    public static Command CreateReward(CliContext ctx)
    {
        var parts = new Parts("A model folder to put a scalar head on, or 'encoder' for a head on the frozen all-MiniLM-L6-v2 embeddings.");
        var encoderDir = new Option<DirectoryInfo?>("--encoder-dir") { Description = "With --base encoder: a folder with model.onnx and vocab.txt." };
        var headHidden = new Option<int>("--head-hidden")
        {
            Description = "With --base encoder: hidden units of the head (0: linear).", DefaultValueFactory = _ => 64,
        };
        var cmd = new Command("reward", "Train a reward model on preference pairs (Bradley–Terry loss; held-out accuracy and calibration).");
        parts.AddTo(cmd);
        cmd.Options.Add(encoderDir);
        cmd.Options.Add(headHidden);
        cmd.SetAction((parse, cancellationToken) =>
        {
            var options = parts.Options(parse) with { HeadHidden = parse.GetValue(headHidden) };
            return Task.FromResult(RunReward(ctx, parts, parse, options, parse.GetValue(encoderDir), cancellationToken));
        });
        return cmd;
    }

    public static Command CreateDpo(CliContext ctx)
    {
        var parts = new Parts("The model folder to train (the policy; also the reference, frozen or with adapters off).");
        var beta = new Option<double>("--beta") { Description = "DPO's β: the pull towards the reference.", DefaultValueFactory = _ => 0.1 };
        var cmd = new Command("dpo", "Direct preference optimisation on preference pairs (sigmoid loss, answer tokens only; LoRA or full).");
        parts.AddTo(cmd);
        cmd.Options.Add(beta);
        cmd.SetAction((parse, cancellationToken) =>
        {
            var options = parts.Options(parse) with { Beta = parse.GetValue(beta) };
            return Task.FromResult(RunDpo(ctx, parts, parse, options, cancellationToken));
        });
        return cmd;
    }

    private static int RunReward(
        CliContext ctx, Parts parts, ParseResult parse, PreferenceOptions options, DirectoryInfo? encoderDir, CancellationToken cancellationToken)
    {
        var baseSpec = parse.GetValue(parts.Base)!;
        var outDir = parse.GetValue(parts.Output)!;
        var encoder = string.Equals(baseSpec, "encoder", StringComparison.OrdinalIgnoreCase);
        var baseDir = new DirectoryInfo(encoder ? Path.Combine(outDir.FullName, "..", ".encoder") : baseSpec);
        TrainingCommandParts.CheckOutput(baseDir, outDir, options.Resume);
        var (train, held) = parts.Read(ctx, parse, options.Seed);
        using var sentenceEncoder = encoder ? ContextualTrainCommand.LoadEncoder(encoderDir?.FullName) : null;
        RewardModel model;
        if (sentenceEncoder is not null)
        {
            var cache = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var texts = train.Concat(held).SelectMany(p => new[] { p.Prompt, p.Chosen, p.Rejected }).Distinct(StringComparer.Ordinal).ToList();
            ctx.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alignlab: embedding {texts.Count:N0} texts with all-MiniLM-L6-v2"));
            var vectors = sentenceEncoder.EmbedMany(texts, cancellationToken: cancellationToken);
            for (var i = 0; i < texts.Count; i++)
            {
                cache[texts[i]] = vectors[i];
            }

            model = RewardModel.ForEncoder(
                text => cache.TryGetValue(text, out var v) ? v : sentenceEncoder.Embed(text), sentenceEncoder.Dimensions, options.HeadHidden);
        }
        else
        {
            if (!baseDir.Exists)
            {
                throw new CliUsageException($"--base: {baseDir.FullName} is not a folder (or give 'encoder')");
            }

            model = RewardModel.ForDecoder(TrainingCommandParts.LoadBase(baseDir, options.Device), options.MaxLength);
        }

        using (model)
        {
            RewardResult? result = null;
            WithProgress(ctx, "reward", progress =>
                result = RewardTrainer.Run(model, train, held, options, outDir.FullName, progress, cancellationToken));
            using var adapter = result!.Adapter;
            if (!encoder)
            {
                TrainingCommandParts.CopyTokenizerFiles(baseDir, outDir);
            }

            Warn(ctx, result.Problems);
            var (longer, shorter) = LengthBaseline.Accuracy(held);
            ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained the {(encoder ? "encoder head" : adapter is null ? "decoder and head" : "LoRA adapters and head")} "
                + $"({result.TrainableParameters:N0} values) for {result.TotalSteps} steps on {train.Count:N0} pairs; "
                + $"held-out {held.Count:N0} pairs: accuracy {Format(result.HeldOut?.Accuracy)} (before {Format(result.HeldOutBefore?.Accuracy)}), "
                + $"ECE {result.HeldOut?.ExpectedCalibrationError.ToString("F3", CultureInfo.InvariantCulture) ?? "n/a"}; "
                + $"length baselines: longer wins {Format(longer)}, shorter wins {Format(shorter)}; "
                + $"training accuracy {Format(result.Train?.Accuracy)}; wrote the reward model to {outDir.FullName}"));
        }

        return ExitCodes.Ok;
    }

    private static int RunDpo(CliContext ctx, Parts parts, ParseResult parse, PreferenceOptions options, CancellationToken cancellationToken)
    {
        var baseDir = new DirectoryInfo(parse.GetValue(parts.Base)!);
        var outDir = parse.GetValue(parts.Output)!;
        TrainingCommandParts.CheckOutput(baseDir, outDir, options.Resume);
        var (train, held) = parts.Read(ctx, parse, options.Seed);
        using var model = TrainingCommandParts.LoadBase(baseDir, options.Device);
        DpoResult? result = null;
        WithProgress(ctx, "DPO", progress =>
            result = DpoTrainer.Run(model, train, held, SftTokenizer.Byte, options with { BaseModelName = baseDir.FullName }, outDir.FullName,
                progress, cancellationToken));
        using var adapter = result!.Adapter;
        if (adapter is null)
        {
            TrainingCommandParts.CopyTokenizerFiles(baseDir, outDir);
        }

        Warn(ctx, result.Problems);
        ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {(adapter is null ? "all" : "LoRA")} {result.TrainableParameters:N0} values for {result.TotalSteps} steps "
            + $"on {train.Count:N0} pairs; "
            + $"held-out {held.Count:N0} pairs: chosen preferred {Format(result.HeldOut?.Preference)} "
            + $"(before {Format(result.HeldOutBefore?.Preference)}), reward accuracy {Format(result.HeldOut?.RewardAccuracy)}, "
            + $"KL to the reference {result.HeldOut?.Kl.ToString("F4", CultureInfo.InvariantCulture) ?? "n/a"} nats/token; "
            + $"wrote {(adapter is null ? "the model" : "the adapter")}, train_log.csv to {outDir.FullName}"));
        return ExitCodes.Ok;
    }

    private static void WithProgress(CliContext ctx, string name, Action<IProgress<PreferenceProgress>> run) =>
        ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(name, maxValue: 1);
                run(new TrainCommand.SynchronousProgress<PreferenceProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    var held = p.HeldOutAccuracy is { } h ? " held-out " + Format(h) : "";
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{name} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} acc {p.Accuracy:P0}{held}");
                }));
            });

    private static void Warn(CliContext ctx, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            ctx.Error.WriteLine("alignlab: warning: " + problem);
        }
    }

    private static string Format(double? share) => share is { } s && !double.IsNaN(s) ? s.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The options both commands take.</summary>
    private sealed class Parts(string baseDescription)
    {
        public Option<string> Base { get; } = new("--base") { Description = baseDescription, Required = true };

        public Option<DirectoryInfo> Output { get; } = new("--out", "-o")
        {
            Description = "Output folder: the trained model, train_log.csv, checkpoints/.", Required = true,
        };

        private readonly Option<FileInfo> _pairs = new("--pairs")
        {
            Description = "Preference JSONL (.gz too): {\"prompt\", \"chosen\", \"rejected\"} a line, or Anthropic HH {\"chosen\", \"rejected\"}.",
            Required = true,
        };

        private readonly Option<FileInfo?> _eval = new("--eval")
        {
            Description = "Held-out pairs (default: --eval-fraction of --pairs by prompt hash).",
        };
        private readonly Option<double> _evalFraction = new("--eval-fraction")
        {
            Description = "Share of prompts held out when --eval is not given (by a fixed SHA-256 of the prompt).", DefaultValueFactory = _ => 0.2,
        };

        private readonly Option<int> _maxPairs = new("--max-pairs")
        {
            Description = "Use a seeded sample of this many pairs (0: all).",
            DefaultValueFactory = _ => 0,
        };
        private readonly Option<string?> _lora = TrainingCommandParts.LoraOption();
        private readonly Option<int> _epochs = new("--epochs") { Description = "Passes over the pairs.", DefaultValueFactory = _ => 1 };
        private readonly Option<int> _steps = new("--max-steps")
        {
            Description = "Optimiser steps (overrides --epochs).",
            DefaultValueFactory = _ => 0,
        };
        private readonly Option<int> _batch = new("--batch-size") { Description = "Pairs per step.", DefaultValueFactory = _ => 8 };
        private readonly Option<double> _rate = new("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => 1e-4 };
        private readonly Option<double> _warmup = new("--warmup-ratio")
        {
            Description = "Warm-up share of the steps.",
            DefaultValueFactory = _ => 0.05,
        };
        private readonly Option<double> _clip = new("--max-grad-norm")
        {
            Description = "Gradient-norm clipping (0: off).",
            DefaultValueFactory = _ => 1.0,
        };
        private readonly Option<int> _length = new("--max-length") { Description = "Tokens of prompt + answer.", DefaultValueFactory = _ => 512 };
        private readonly Option<long> _seed = new("--seed")
        {
            Description = "Seed of order, initialisation and dropout.",
            DefaultValueFactory = _ => 42,
        };
        private readonly Option<int> _evalEvery = new("--eval-every")
        {
            Description = "Held-out measures every N steps (0: at the end).",
            DefaultValueFactory = _ => 0,
        };
        private readonly Option<int> _checkpointEvery = new("--checkpoint-every")
        {
            Description = "Checkpoint every N steps (0: none).",
            DefaultValueFactory = _ => 100,
        };
        private readonly Option<bool> _resume = new("--resume") { Description = "Continue from the newest checkpoint in --out." };
        private readonly Option<string> _device = TrainingCommandParts.DeviceOption();

        public void AddTo(Command cmd)
        {
            Option[] all =
            [
                Base, _pairs, _eval, _evalFraction, _maxPairs, _lora, Output, _epochs, _steps, _batch, _rate, _warmup, _clip, _length, _seed,
                _evalEvery, _checkpointEvery, _resume, _device,
            ];
            foreach (var option in all)
            {
                cmd.Options.Add(option);
            }
        }

        public PreferenceOptions Options(ParseResult parse)
        {
            var options = new PreferenceOptions
            {
                Lora = TrainingCommandParts.ParseLora(parse.GetValue(_lora)), Epochs = parse.GetValue(_epochs), MaxSteps = parse.GetValue(_steps),
                BatchSize = parse.GetValue(_batch), LearningRate = parse.GetValue(_rate), WarmupRatio = parse.GetValue(_warmup),
                MaxGradNorm = parse.GetValue(_clip), MaxLength = parse.GetValue(_length), Seed = parse.GetValue(_seed),
                EvalEvery = parse.GetValue(_evalEvery), CheckpointEvery = parse.GetValue(_checkpointEvery), Resume = parse.GetValue(_resume),
                Device = TrainingCommandParts.ParseDevice(parse.GetValue(_device)),
            };
            var problems = options.Validate();
            return problems.Count > 0 ? throw new CliUsageException(string.Join("; ", problems)) : options;
        }

        public (List<PreferenceExample> Train, List<PreferenceExample> HeldOut) Read(CliContext ctx, ParseResult parse, long seed) =>
            TrainingCommandParts.ReadPairs(
                ctx, parse.GetValue(_pairs)!, parse.GetValue(_eval), parse.GetValue(_evalFraction), parse.GetValue(_maxPairs), seed);
    }
}
