using System.Diagnostics;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Sft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Preferences;

/// <summary>
/// The optimisation loop the reward and DPO trainers share, with SFT's parts: batches of pairs in the seeded epoch order of
/// <see cref="SftTrainer.EpochOrder"/>, torch reseeded with seed + step, AdamW with <see cref="CosineSchedule"/> and
/// clipping, <see cref="SftCheckpoints"/> (with the reward head when there is one) and <c>train_log.csv</c>
/// (<c>step,epoch,loss,learning_rate,grad_norm</c>, then the trainer's own columns).
/// </summary>
internal static class PreferenceLoop
{
    /// <summary>A step: the pairs' indices in, the mean loss (with gradients) and the logged metrics out (first: accuracy).</summary>
    public delegate (Tensor Loss, double[] Metrics) StepFunction(int[] pairs);

    public static PreferenceLoopOutcome Run(
        PreferenceLoopSetup setup, StepFunction step, Func<double[]>? evaluate, IProgress<PreferenceProgress>? progress,
        CancellationToken cancellationToken)
    {
        var options = setup.Options;
        using var optimizer = optim.AdamW(setup.Parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var checkpoints = new SftCheckpoints(setup.OutputDirectory, options.CreateFile);
        var start = 0;
        if (options.Resume && checkpoints.Latest() is { } latest)
        {
            var errors = SftCheckpoints.Load(latest.Path, setup.Model, setup.Adapter, optimizer, setup.Head);
            if (errors.Count > 0)
            {
                throw new ArgumentException("cannot resume: " + string.Join("; ", errors), nameof(setup));
            }

            start = latest.Step;
        }

        var perEpoch = (setup.PairCount + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = options.MaxSteps > 0 ? options.MaxSteps : perEpoch * options.Epochs;
        var warmup = (int)Math.Ceiling(options.WarmupRatio * totalSteps);
        var header = string.Join(',', ["step", "epoch", "loss", "learning_rate", "grad_norm", .. setup.StepColumns, .. setup.EvalColumns]);
        var problems = new List<string>();
        var seconds = new List<double>();
        double[]? lastEval = null;
        using (var log = new SftCsvLog(setup.OutputDirectory, start, header))
        {
            using var batches = Batches(setup.PairCount, options).Skip(start).GetEnumerator();
            for (var index = start; index < totalSteps && batches.MoveNext(); index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (pairs, epoch) = batches.Current;
                var clock = Stopwatch.StartNew();
                var learningRate = CosineSchedule.LearningRate(index, totalSteps, warmup, options.LearningRate);
                var (loss, norm, metrics) = Step(optimizer, setup, step, pairs, learningRate, index);
                seconds.Add(clock.Elapsed.TotalSeconds);
                var done = index + 1;
                double[]? measured = null;
                if (evaluate is not null && ((options.EvalEvery > 0 && done % options.EvalEvery == 0) || done == totalSteps))
                {
                    measured = lastEval = evaluate();
                }

                log.WriteValues([done, epoch, loss, learningRate, norm, .. metrics.Select(m => (double?)m),
                    .. measured?.Select(m => (double?)m) ?? setup.EvalColumns.Select(_ => (double?)null)]);
                progress?.Report(new PreferenceProgress(done, totalSteps, loss, metrics[0], measured?[0]));
                var due = done % Math.Max(1, options.CheckpointEvery) == 0 || done == totalSteps || cancellationToken.IsCancellationRequested;
                if (options.CheckpointEvery > 0 && due
                    && checkpoints.Save(
                        done, options.Seed, setup.Model, setup.Adapter, optimizer, options.KeepCheckpoints, setup.Head) is { } failure)
                {
                    problems.Add(failure);
                }

                options.AfterStep?.Invoke(done);
            }
        }

        seconds.Sort();
        return new PreferenceLoopOutcome(start, totalSteps, seconds.Count == 0 ? 0 : seconds[seconds.Count / 2], lastEval, problems);
    }

    private static (double Loss, double Norm, double[] Metrics) Step(
        AdamW optimizer, PreferenceLoopSetup setup, StepFunction step, int[] pairs, double learningRate, int index)
    {
        random.manual_seed(setup.Options.Seed + index); // dropout depends only on the step, so a resumed run draws the same masks
        optimizer.zero_grad();
        double lossValue;
        double[] metrics;
        using (var scope = NewDisposeScope())
        {
            var (loss, values) = step(pairs);
            loss.backward();
            lossValue = loss.item<float>();
            metrics = values;
        }

        double norm;
        if (setup.Options.MaxGradNorm > 0)
        {
            norm = nn.utils.clip_grad_norm_(setup.Parameters, setup.Options.MaxGradNorm);
        }
        else
        {
            using var scope = NewDisposeScope();
            norm = Math.Sqrt(setup.Parameters.Where(p => p.grad is not null).Sum(p => p.grad!.pow(2).sum().item<float>()));
        }

        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        optimizer.step();
        return (lossValue, norm, metrics);
    }

    private static IEnumerable<(int[] Pairs, int Epoch)> Batches(int count, PreferenceOptions options)
    {
        for (var epoch = 0; options.MaxSteps > 0 || epoch < options.Epochs; epoch++)
        {
            foreach (var chunk in SftTrainer.EpochOrder(count, options.Seed, epoch).Chunk(options.BatchSize))
            {
                yield return (chunk, epoch);
            }
        }
    }
}
