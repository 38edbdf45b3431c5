using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Models;
using AlignLab.Training.Preferences;
using AlignLab.Training.Sft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Dpo;

/// <summary>
/// Direct preference optimisation with the sigmoid loss −log σ(β((log π(c) − log ref(c)) − (log π(r) − log ref(r)))),
/// log-probabilities summed over the answer tokens only (the SFT chat layout: user turn, then the answer and its EOS).
/// The reference is the base with the adapters switched off when LoRA trains, else a frozen copy of the model taken
/// before the first step. The loop is SFT's (seeded, checkpoints, --resume); <c>train_log.csv</c> adds per step
/// <c>accuracy,margin,chosen_reward,rejected_reward,kl</c> and, when measured on held-out pairs,
/// <c>eval_preference,eval_reward_accuracy,eval_margin,eval_kl</c> (see <see cref="DpoEvaluation"/>).
/// </summary>
public static class DpoTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place (or LoRA adapters attached to it) and writes the adapter folder (LoRA) or
    /// the model's weights and config to <paramref name="outputDirectory"/>, beside <c>train_log.csv</c> and <c>checkpoints/</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, no training pair, or a checkpoint to resume that does not fit.</exception>
    public static DpoResult Run(
        DecoderModel model, IReadOnlyList<PreferenceExample> train, IReadOnlyList<PreferenceExample> heldOut, SftTokenizer tokenizer,
        PreferenceOptions options, string outputDirectory, IProgress<PreferenceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", invalid), nameof(options));
        }

        if (train.Count == 0)
        {
            throw new ArgumentException("no training pair", nameof(train));
        }

        Directory.CreateDirectory(outputDirectory);
        if (options.Device is not null)
        {
            model.to(options.Device);
        }

        var device = model.parameters().First().device;
        random.manual_seed(options.Seed);
        using var copy = options.Lora is null ? FrozenCopy(model) : null;
        var adapter = options.Lora is null ? null : LoraAdapter.Attach(model, options.Lora);
        var reference = new Reference(copy ?? model, adapter);
        var parameters = adapter?.TrainableParameters ?? [.. model.parameters()];
        var encode = (string p, string a) => PairSequence.Encode(p, a, tokenizer, options.MaxLength);
        var chosen = train.Concat(heldOut).Select(p => encode(p.Prompt, p.Chosen)).ToList();
        var rejected = train.Concat(heldOut).Select(p => encode(p.Prompt, p.Rejected)).ToList();
        var held = Enumerable.Range(train.Count, heldOut.Count).ToArray();
        DpoEvaluation Evaluate() => Measure(model, reference, held, chosen, rejected, tokenizer.Pad, device, options.Beta);
        var before = heldOut.Count > 0 ? Evaluate() : null;
        model.train();
        var setup = new PreferenceLoopSetup(train.Count, parameters, options, outputDirectory,
            ["accuracy", "margin", "chosen_reward", "rejected_reward", "kl"],
            heldOut.Count > 0 ? ["eval_preference", "eval_reward_accuracy", "eval_margin", "eval_kl"] : [], model, adapter, null);

        var outcome = PreferenceLoop.Run(setup, pairs =>
        {
            var step = Forward(model, reference, pairs, chosen, rejected, tokenizer.Pad, device, options.Beta, withGradients: true);
            var loss = -nn.functional.logsigmoid(step.Margins).mean();
            using var noGrad = no_grad();
            return (loss,
            [
                (step.Margins > 0).to(ScalarType.Float32).mean().item<float>(), step.Margins.mean().item<float>(),
                step.ChosenRewards.mean().item<float>(), step.RejectedRewards.mean().item<float>(), step.Kl,
            ]);
        }, heldOut.Count == 0 ? null : () =>
        {
            var e = Evaluate();
            return [e.Preference, e.RewardAccuracy, e.Margin, e.Kl];
        }, progress, cancellationToken);

        model.eval();
        if (adapter is not null)
        {
            PeftAdapterFiles.Save(adapter, outputDirectory, options.BaseModelName);
        }
        else
        {
            DecoderCheckpoint.Save(model, outputDirectory);
        }

        return new DpoResult
        {
            Adapter = adapter,
            TrainableParameters = parameters.Sum(p => p.numel()),
            ResumedFromStep = outcome.ResumedFromStep,
            TotalSteps = outcome.TotalSteps,
            HeldOutBefore = before,
            HeldOut = heldOut.Count > 0 ? Evaluate() : null,
            MedianStepSeconds = outcome.MedianStepSeconds,
            Problems = outcome.Problems,
        };
    }

    private static DecoderModel FrozenCopy(DecoderModel model)
    {
        var copy = new DecoderModel(model.Config);
        copy.to(model.parameters().First().device);
        using var noGrad = no_grad();
        var source = model.NamedTensors().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, target) in copy.NamedTensors())
        {
            target.copy_(source[name]);
            target.requires_grad = false;
        }

        copy.eval();
        return copy;
    }

    private static DpoStep Forward(
        DecoderModel model, Reference reference, IReadOnlyList<int> pairs, List<PairSequence> chosen, List<PairSequence> rejected,
        long pad, Device device, double beta, bool withGradients)
    {
        using var batch = new DpoBatch([.. pairs.Select(i => chosen[i]), .. pairs.Select(i => rejected[i])], pad, device);
        using var grad = withGradients ? null : no_grad();
        var policy = batch.LogProbabilities(model);
        var summed = batch.AnswerLogProbability(policy);
        Tensor referenceLog, referenceSummed;
        using (no_grad())
        {
            referenceLog = reference.LogProbabilities(batch);
            referenceSummed = batch.AnswerLogProbability(referenceLog);
        }

        var n = pairs.Count;
        var chosenRewards = beta * (summed[..n] - referenceSummed[..n]);
        var rejectedRewards = beta * (summed[n..] - referenceSummed[n..]);
        double kl;
        using (no_grad())
        {
            kl = batch.SummedKl(policy.detach(), referenceLog).item<float>() / Math.Max(1, batch.AnswerTokens);
        }

        return new DpoStep(chosenRewards - rejectedRewards, chosenRewards, rejectedRewards, summed[..n] - summed[n..], kl);
    }

    private static DpoEvaluation Measure(
        DecoderModel model, Reference reference, int[] held, List<PairSequence> chosen, List<PairSequence> rejected, long pad, Device device,
        double beta)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            double preference = 0, accuracy = 0, margin = 0, kl = 0, tokens = 0;
            foreach (var chunk in held.Chunk(16))
            {
                using var scope = NewDisposeScope();
                var step = Forward(model, reference, chunk, chosen, rejected, pad, device, beta, withGradients: false);
                var answerTokens = chunk.Sum(i => chosen[i].Ids.Length - chosen[i].AnswerStart + rejected[i].Ids.Length - rejected[i].AnswerStart);
                preference += step.PolicyGap.data<float>().ToArray().Sum(g => g > 0 ? 1 : g == 0 ? 0.5 : 0);
                accuracy += (step.Margins > 0).sum().item<long>();
                margin += step.Margins.sum().item<float>();
                kl += step.Kl * answerTokens;
                tokens += answerTokens;
            }

            var count = Math.Max(1, held.Length);
            return new DpoEvaluation(held.Length, preference / count, accuracy / count, margin / count, kl / Math.Max(1, tokens));
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The reference's log-probabilities: the frozen copy, or the model with its adapters switched off.</summary>
    private sealed class Reference(DecoderModel model, LoraAdapter? adapter)
    {
        public Tensor LogProbabilities(DpoBatch batch)
        {
            if (adapter is null)
            {
                return batch.LogProbabilities(model);
            }

            adapter.Enabled = false;
            try
            {
                return batch.LogProbabilities(model);
            }
            finally
            {
                adapter.Enabled = true;
            }
        }
    }
}
