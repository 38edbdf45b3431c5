using System.Diagnostics;
using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Sft;

/// <summary>
/// Supervised fine-tuning: next-token loss on assistant tokens only (mean per trained token of each optimiser step,
/// across its accumulated micro-batches), AdamW, linear warm-up then cosine decay, gradient-norm clipping. The data
/// order of epoch e is a shuffle seeded by (seed, e), and step s reseeds torch with seed + s, so a run is reproducible
/// and a resumed run continues exactly where its checkpoint left off.
/// </summary>
public static class SftTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place (or LoRA adapters attached to it) on <paramref name="train"/>, writing
    /// <c>train_log.csv</c>, <c>checkpoints/</c> and, at the end, the adapter folder (LoRA) or the model's weights and
    /// config (full fine-tuning) to <paramref name="outputDirectory"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, no usable conversation, or a checkpoint to resume that does not fit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between steps (after writing a checkpoint when checkpoints are on).</exception>
    public static SftResult Run(
        DecoderModel model, IReadOnlyList<SftExample> train, IReadOnlyList<SftExample> eval, SftTokenizer tokenizer, SftOptions options,
        string outputDirectory, IProgress<SftProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(eval);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", invalid), nameof(options));
        }

        var problems = new List<string>();
        var trainSequences = Encode(train, tokenizer, options.MaxLength, "training", problems);
        var evalSequences = Encode(eval, tokenizer, options.MaxLength, "held-out", problems);
        if (trainSequences.Count == 0)
        {
            throw new ArgumentException("no training conversation has an assistant token within the maximum length", nameof(train));
        }

        Directory.CreateDirectory(outputDirectory);
        var device = options.Device ?? model.parameters().First().device;
        if (options.Device is not null)
        {
            model.to(device);
        }

        random.manual_seed(options.Seed);
        var adapter = options.Lora is null ? null : LoraAdapter.Attach(model, options.Lora);
        var parameters = adapter?.TrainableParameters ?? [.. model.parameters()];
        using var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var checkpoints = new SftCheckpoints(outputDirectory, options.CreateFile);
        var start = 0;
        if (options.Resume && checkpoints.Latest() is { } latest)
        {
            var errors = SftCheckpoints.Load(latest.Path, model, adapter, optimizer);
            if (errors.Count > 0)
            {
                adapter?.Dispose();
                throw new ArgumentException("cannot resume: " + string.Join("; ", errors), nameof(options));
            }

            start = latest.Step;
        }

        var totalSteps = TotalSteps(trainSequences, options);
        var warmup = (int)Math.Ceiling(options.WarmupRatio * totalSteps);
        var rows = new List<SftStepLog>();
        var stepSeconds = new List<double>();
        double? evalLoss = null;
        using (var log = new SftCsvLog(outputDirectory, start))
        {
            using var stream = MicroBatches(trainSequences, options).Skip(start * options.GradientAccumulation).GetEnumerator();
            model.train();
            for (var step = start; step < totalSteps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var micro = new List<(SftBatch Batch, int Epoch)>();
                while (micro.Count < options.GradientAccumulation && stream.MoveNext())
                {
                    micro.Add(stream.Current);
                }

                if (micro.Count == 0)
                {
                    break;
                }

                var clock = Stopwatch.StartNew();
                var learningRate = CosineSchedule.LearningRate(step, totalSteps, warmup, options.LearningRate);
                var (loss, norm) = Step(model, optimizer, parameters, micro, learningRate, options, step, device, tokenizer.Pad);
                var seconds = clock.Elapsed.TotalSeconds;
                stepSeconds.Add(seconds);
                var done = step + 1;
                double? measured = null;
                if (evalSequences.Count > 0 && ((options.EvalEvery > 0 && done % options.EvalEvery == 0) || done == totalSteps))
                {
                    measured = evalLoss = EvalLoss(model, adapter, evalSequences, options, device, tokenizer.Pad);
                }

                var tokens = micro.Sum(m => m.Batch.Tokens);
                var row = new SftStepLog(done, micro[^1].Epoch, loss, learningRate, norm, tokens, tokens / Math.Max(seconds, 1e-9), measured);
                rows.Add(row);
                log.Write(row);
                progress?.Report(new SftProgress(done, totalSteps, loss, learningRate, row.TokensPerSecond, measured));
                var due = done % Math.Max(1, options.CheckpointEvery) == 0 || done == totalSteps || cancellationToken.IsCancellationRequested;
                if (options.CheckpointEvery > 0 && due
                    && checkpoints.Save(done, options.Seed, model, adapter, optimizer, options.KeepCheckpoints) is { } failure)
                {
                    problems.Add(failure);
                }

                options.AfterStep?.Invoke(done);
            }
        }

        if (evalLoss is null && evalSequences.Count > 0)
        {
            evalLoss = EvalLoss(model, adapter, evalSequences, options, device, tokenizer.Pad);
        }

        model.eval();
        if (adapter is not null)
        {
            PeftAdapterFiles.Save(adapter, outputDirectory, options.BaseModelName);
        }
        else
        {
            DecoderCheckpoint.Save(model, outputDirectory);
        }

        stepSeconds.Sort();
        return new SftResult
        {
            Adapter = adapter,
            TrainableParameters = parameters.Sum(p => p.numel()),
            ModelParameters = model.NamedTensors().Sum(p => p.Value.numel()),
            Steps = rows,
            ResumedFromStep = start,
            TotalSteps = totalSteps,
            EvalLoss = evalLoss,
            MedianStepSeconds = stepSeconds.Count == 0 ? 0 : stepSeconds[stepSeconds.Count / 2],
            Problems = problems,
        };
    }

    /// <summary>The mean loss per trained token of <paramref name="examples"/> (no gradients; dropout off).</summary>
    public static double EvalLoss(DecoderModel model, IReadOnlyList<SftExample> examples, SftTokenizer tokenizer, int maxLength = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sequences = Encode(examples, tokenizer, maxLength, "held-out", []);
        return EvalLoss(model, null, sequences, new SftOptions { MaxLength = maxLength }, model.parameters().First().device, tokenizer.Pad);
    }

    private static (double Loss, double Norm) Step(
        DecoderModel model, AdamW optimizer, IReadOnlyList<Parameter> parameters, List<(SftBatch Batch, int Epoch)> micro, double learningRate,
        SftOptions options, int step, Device device, long pad)
    {
        random.manual_seed(options.Seed + step); // dropout masks depend only on the step, so a resumed run draws the same ones
        optimizer.zero_grad();
        double targets = Math.Max(1, micro.Sum(m => m.Batch.TargetTokens));
        var loss = 0.0;
        foreach (var (batch, _) in micro)
        {
            using var scope = NewDisposeScope();
            var part = batch.SummedLoss(model, device, pad) / targets;
            part.backward();
            loss += part.item<float>();
        }

        double norm;
        if (options.MaxGradNorm > 0)
        {
            norm = nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
        }
        else
        {
            using var scope = NewDisposeScope();
            norm = Math.Sqrt(parameters.Where(p => p.grad is not null).Sum(p => p.grad!.pow(2).sum().item<float>()));
        }

        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        optimizer.step();
        return (loss, norm);
    }

    private static double EvalLoss(DecoderModel model, LoraAdapter? adapter, List<SftSequence> sequences, SftOptions options, Device device, long pad)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double sum = 0, targets = 0;
            var order = Enumerable.Range(0, sequences.Count).ToList();
            foreach (var batch in SftBatch.Build(sequences, order, options.MaxLength, options.BatchSize, options.Packing))
            {
                using var scope = NewDisposeScope();
                sum += batch.SummedLoss(model, device, pad).item<float>();
                targets += batch.TargetTokens;
            }

            return sum / Math.Max(1, targets);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static int TotalSteps(List<SftSequence> sequences, SftOptions options)
    {
        if (options.MaxSteps > 0)
        {
            return options.MaxSteps;
        }

        var microBatches = MicroBatches(sequences, options).Count();
        return (microBatches + options.GradientAccumulation - 1) / options.GradientAccumulation;
    }

    // Epoch after epoch (endlessly with MaxSteps, else Epochs times): a seeded shuffle, packed and cut into micro-batches.
    private static IEnumerable<(SftBatch Batch, int Epoch)> MicroBatches(List<SftSequence> sequences, SftOptions options)
    {
        for (var epoch = 0; options.MaxSteps > 0 || epoch < options.Epochs; epoch++)
        {
            foreach (var batch in SftBatch.Build(sequences, EpochOrder(sequences.Count, options.Seed, epoch), options.MaxLength, options.BatchSize,
                options.Packing))
            {
                yield return (batch, epoch);
            }
        }
    }

    /// <summary>
    /// Epoch <paramref name="epoch"/>'s order: a shuffle seeded from (seed, epoch) by fixed arithmetic. HashCode.Combine
    /// was used first; it is salted per process, so a resumed process (and any second run) saw another order.
    /// </summary>
    internal static int[] EpochOrder(int count, long seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random((int)(((seed * 1_000_003) + epoch) & int.MaxValue)).Shuffle(order);
        return order;
    }

    private static List<SftSequence> Encode(
        IReadOnlyList<SftExample> examples, SftTokenizer tokenizer, int maxLength, string kind, List<string> problems)
    {
        var sequences = new List<SftSequence>();
        foreach (var example in examples)
        {
            if (SftSequence.Encode(example, tokenizer, maxLength) is { } sequence)
            {
                sequences.Add(sequence);
            }
            else
            {
                var at = example.Line > 0 ? $" at line {example.Line}" : "";
                problems.Add($"{kind} conversation{at} has no assistant token within {maxLength} tokens; skipped");
            }
        }

        return sequences;
    }
}
