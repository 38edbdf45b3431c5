using System.CommandLine;
using System.Globalization;
using AlignLab.Training;
using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using AlignLab.Training.Tokenizers;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab train sft --base DIR --data FILE.jsonl [--lora r=16,alpha=32] --out DIR</c>: supervised fine-tuning of a
/// model folder on chat data, LoRA or full; a subcommand beside <c>train classifier</c> and <c>train contextual</c>.
/// </summary>
internal static class SftTrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var baseDir = new Option<DirectoryInfo>("--base")
        {
            Description = "The model folder to fine-tune (config.json, safetensors, tokenizer).",
            Required = true,
        };
        var data = new Option<FileInfo>("--data", "-d")
        {
            Description = "Training JSONL: {\"messages\": [{\"role\", \"content\"}, …]} or {\"prompt\", \"completion\"} a line.", Required = true,
        };
        var evalData = new Option<FileInfo?>("--eval") { Description = "Held-out JSONL (default: --eval-fraction of --data, chosen by --seed)." };
        var evalFraction = new Option<double>("--eval-fraction")
        {
            Description = "Share of --data held out when --eval is not given.",
            DefaultValueFactory = _ => 0.05,
        };
        var lora = TrainingCommandParts.LoraOption();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Output folder: adapter or model, train_log.csv, checkpoints/.",
            Required = true,
        };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--max-steps") { Description = "Optimiser steps (overrides --epochs).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch-size") { Description = "Rows per micro-batch.", DefaultValueFactory = _ => 8 };
        var accumulation = new Option<int>("--grad-accum") { Description = "Micro-batches per optimiser step.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => 1e-4 };
        var warmup = new Option<double>("--warmup-ratio")
        {
            Description = "Warm-up share of the steps before the cosine decay.",
            DefaultValueFactory = _ => 0.05,
        };
        var clip = new Option<double>("--max-grad-norm") { Description = "Gradient-norm clipping (0: off).", DefaultValueFactory = _ => 1.0 };
        var length = new Option<int>("--max-length")
        {
            Description = "Tokens per row; longer conversations are cut.",
            DefaultValueFactory = _ => 512,
        };
        var noPacking = new Option<bool>("--no-packing") { Description = "One conversation a row (default: pack whole conversations into rows)." };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of data order, adapter initialisation and dropout.",
            DefaultValueFactory = _ => 42,
        };
        var evalEvery = new Option<int>("--eval-every")
        {
            Description = "Held-out loss every N steps (0: at the end only).",
            DefaultValueFactory = _ => 0,
        };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "Checkpoint every N steps (0: none).",
            DefaultValueFactory = _ => 100,
        };
        var resume = new Option<bool>("--resume") { Description = "Continue from the newest checkpoint in --out." };
        var device = TrainingCommandParts.DeviceOption();
        var cmd = new Command("sft", "Supervised fine-tuning on chat JSONL (loss on assistant turns only), with LoRA adapters saved as "
            + "Hugging Face PEFT writes them, or full fine-tuning.")
        {
            baseDir, data, evalData, evalFraction, lora, output, epochs, steps, batch, accumulation, rate, warmup, clip, length, noPacking, seed,
            evalEvery, checkpointEvery, resume, device,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var options = new SftOptions
            {
                Lora = TrainingCommandParts.ParseLora(parse.GetValue(lora)), Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                GradientAccumulation = parse.GetValue(accumulation), LearningRate = parse.GetValue(rate), WarmupRatio = parse.GetValue(warmup),
                MaxGradNorm = parse.GetValue(clip), MaxLength = parse.GetValue(length), Packing = !parse.GetValue(noPacking),
                Seed = parse.GetValue(seed),
                EvalEvery = parse.GetValue(evalEvery), CheckpointEvery = parse.GetValue(checkpointEvery), Resume = parse.GetValue(resume),
                Device = TrainingCommandParts.ParseDevice(parse.GetValue(device)),
                BaseModelName = parse.GetValue(baseDir)!.FullName,
            };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            return Task.FromResult(Run(ctx, parse.GetValue(baseDir)!, parse.GetValue(data)!, parse.GetValue(evalData), parse.GetValue(evalFraction),
                parse.GetValue(output)!, options, cancellationToken));
        });
        return cmd;
    }

    private static int Run(
        CliContext ctx, DirectoryInfo baseDir, FileInfo data, FileInfo? evalFile, double evalFraction, DirectoryInfo outDir, SftOptions options,
        CancellationToken cancellationToken)
    {
        TrainingCommandParts.CheckOutput(baseDir, outDir, options.Resume);
        var (train, held) = ReadData(ctx, data, evalFile, evalFraction, options.Seed);
        using var model = TrainingCommandParts.LoadBase(baseDir, options.Device);
        if (File.Exists(Path.Combine(baseDir.FullName, "tokenizer_config.json"))
            && File.ReadAllText(Path.Combine(baseDir.FullName, "tokenizer_config.json")).Contains("\"chat_template\"", StringComparison.Ordinal))
        {
            ctx.Error.WriteLine("alignlab: warning: the tokenizer's chat_template is not rendered; the default template of docs/TRAINING.md is used");
        }

        SftResult? result = null;
        ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("SFT", maxValue: 1);
                var report = new TrainCommand.SynchronousProgress<SftProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"SFT step {p.Step}/{p.TotalSteps} loss {p.Loss:F4}{(p.EvalLoss is { } e ? $" eval {e:F4}" : "")} "
                        + $"{p.TokensPerSecond:F0} tok/s");
                });
                result = SftTrainer.Run(model, train, held, SftTokenizer.Byte, options, outDir.FullName, report, cancellationToken);
            });
        using var adapter = result!.Adapter;
        if (adapter is null)
        {
            TrainingCommandParts.CopyTokenizerFiles(baseDir, outDir);
        }

        foreach (var problem in result.Problems)
        {
            ctx.Error.WriteLine("alignlab: warning: " + problem);
        }

        ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {(adapter is null ? "all" : "LoRA")} {result.TrainableParameters:N0} of {result.ModelParameters:N0} parameters "
            + $"for {result.TotalSteps} steps"
            + $"{(result.ResumedFromStep > 0 ? $" (resumed at step {result.ResumedFromStep})" : "")}; "
            + $"final loss {(result.Steps.Count > 0 ? result.Steps[^1].Loss : double.NaN):F4}, "
            + $"held-out loss {result.EvalLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "n/a"}, "
            + $"median {result.MedianStepSeconds * 1000:F0} ms/step; "
            + $"wrote {(adapter is null ? "the model" : "the adapter")}, train_log.csv to {outDir.FullName}"));
        return ExitCodes.Ok;
    }

    private static (List<SftExample> Train, List<SftExample> HeldOut) ReadData(
        CliContext ctx, FileInfo data, FileInfo? evalFile, double evalFraction, long seed)
    {
        if (!data.Exists)
        {
            throw new CliUsageException($"--data: {data.FullName} does not exist");
        }

        var (examples, problems) = SftJsonl.Read(data.FullName);
        IReadOnlyList<SftExample> held = [];
        if (evalFile is not null)
        {
            if (!evalFile.Exists)
            {
                throw new CliUsageException($"--eval: {evalFile.FullName} does not exist");
            }

            var (evalExamples, evalProblems) = SftJsonl.Read(evalFile.FullName);
            held = evalExamples;
            problems = [.. problems, .. evalProblems];
        }

        foreach (var problem in problems)
        {
            ctx.Error.WriteLine("alignlab: skipped " + problem);
        }

        if (examples.Count == 0)
        {
            throw new CliUsageException($"--data: {data.FullName} has no usable conversation");
        }

        if (evalFile is not null || evalFraction <= 0)
        {
            return ([.. examples], [.. held]);
        }

        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random((int)(seed & int.MaxValue)).Shuffle(order);
        var count = examples.Count < 2 ? 0 : Math.Max(1, (int)Math.Round(examples.Count * Math.Min(evalFraction, 0.5)));
        var heldOut = order.Take(count).ToHashSet();
        return ([.. examples.Where((_, i) => !heldOut.Contains(i))], [.. examples.Where((_, i) => heldOut.Contains(i))]);
    }
}
