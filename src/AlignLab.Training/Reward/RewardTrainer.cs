using AlignLab.Training.Data;
using AlignLab.Training.Lora;
using AlignLab.Training.Preferences;
using AlignLab.Training.Sft;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlignLab.Training.Reward;

/// <summary>
/// Trains a <see cref="RewardModel"/> with the Bradley–Terry loss −log σ(r(chosen) − r(rejected)), averaged over each
/// step's pairs, through the loop SFT uses (seeded order, AdamW, cosine schedule, clipping, checkpoints, --resume,
/// <c>train_log.csv</c> with <c>accuracy,margin</c> per step and <c>eval_accuracy,eval_ece,eval_margin</c> when measured).
/// A decoder trains whole or through LoRA adapters (merged into the saved checkpoint); the encoder kind trains its head
/// only, on embeddings computed once.
/// </summary>
public static class RewardTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place and saves it to <paramref name="outputDirectory"/> (see
    /// <see cref="RewardModel.Save"/>) beside <c>train_log.csv</c> and <c>checkpoints/</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, no training pair, or a checkpoint to resume that does not fit.</exception>
    public static RewardResult Run(
        RewardModel model, IReadOnlyList<PreferenceExample> train, IReadOnlyList<PreferenceExample> heldOut, PreferenceOptions options,
        string outputDirectory, IProgress<PreferenceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
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

        if (model.Kind == RewardModelKind.Encoder && options.Lora is not null)
        {
            throw new ArgumentException("the encoder reward model trains its head only (LoRA on the ONNX encoder is not supported)", nameof(options));
        }

        Directory.CreateDirectory(outputDirectory);
        random.manual_seed(options.Seed);
        model.ResetHead();
        var adapter = model.Decoder is not null && options.Lora is not null ? LoraAdapter.Attach(model.Decoder, options.Lora) : null;
        IReadOnlyList<Parameter> parameters =
            [.. model.HeadParameters, .. adapter?.TrainableParameters ?? model.Decoder?.parameters() ?? []];
        var features = Features.Build(model, train, heldOut);
        var before = heldOut.Count > 0 ? features.Evaluate(model, heldOut.Count, train.Count) : null;
        model.Decoder?.train();
        var setup = new PreferenceLoopSetup(train.Count, parameters, options, outputDirectory, ["accuracy", "margin"],
            heldOut.Count > 0 ? ["eval_accuracy", "eval_ece", "eval_margin"] : [], model.Decoder, adapter, model.HeadTensors);
        Func<double[]>? evaluate = heldOut.Count == 0 ? null : () =>
        {
            var e = features.Evaluate(model, heldOut.Count, train.Count);
            return [e.Accuracy, e.ExpectedCalibrationError, e.MeanMargin];
        };
        var outcome = PreferenceLoop.Run(setup, pairs =>
        {
            var margins = features.Margins(model, pairs);
            var loss = -nn.functional.logsigmoid(margins).mean();
            using var noGrad = no_grad();
            return (loss, [(margins > 0).to(ScalarType.Float32).mean().item<float>(), margins.mean().item<float>()]);
        }, evaluate, progress, cancellationToken);

        model.Decoder?.eval();
        adapter?.Merge();
        model.Save(outputDirectory);
        return new RewardResult
        {
            Adapter = adapter,
            TrainableParameters = parameters.Sum(p => p.numel()),
            ResumedFromStep = outcome.ResumedFromStep,
            TotalSteps = outcome.TotalSteps,
            HeldOutBefore = before,
            HeldOut = heldOut.Count > 0 ? features.Evaluate(model, heldOut.Count, train.Count) : null,
            Train = features.Evaluate(model, train.Count, 0),
            MedianStepSeconds = outcome.MedianStepSeconds,
            Problems = outcome.Problems,
        };
    }

    /// <summary>Accuracy and calibration of <paramref name="model"/> on <paramref name="pairs"/>.</summary>
    public static RewardEvaluation Evaluate(RewardModel model, IReadOnlyList<PreferenceExample> pairs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        var margins = new List<double>();
        foreach (var chunk in pairs.Chunk(16))
        {
            var scores = model.Score([.. chunk.Select(p => (p.Prompt, p.Chosen)), .. chunk.Select(p => (p.Prompt, p.Rejected))]);
            margins.AddRange(Enumerable.Range(0, chunk.Length).Select(i => scores[i] - scores[chunk.Length + i]));
        }

        return RewardEvaluation.FromMargins(margins);
    }

    /// <summary>
    /// The pairs in the form each kind trains on: encoded sequences for a decoder, or a table of embeddings (each distinct
    /// text embedded once) for the encoder. Training pairs come first, then the held-out ones.
    /// </summary>
    private sealed class Features
    {
        private readonly List<PairSequence> _chosen = [];
        private readonly List<PairSequence> _rejected = [];
        private readonly List<(int Prompt, int Chosen, int Rejected)> _rows = [];
        private Tensor? _table;

        public static Features Build(RewardModel model, IReadOnlyList<PreferenceExample> train, IReadOnlyList<PreferenceExample> heldOut)
        {
            var features = new Features();
            var all = train.Concat(heldOut).ToList();
            if (model.Kind == RewardModelKind.Decoder)
            {
                foreach (var pair in all)
                {
                    features._chosen.Add(PairSequence.Encode(pair.Prompt, pair.Chosen, SftTokenizer.Byte, model.MaxLength));
                    features._rejected.Add(PairSequence.Encode(pair.Prompt, pair.Rejected, SftTokenizer.Byte, model.MaxLength));
                }

                return features;
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int Id(string text) => index.TryGetValue(text, out var i) ? i : index[text] = index.Count;
            foreach (var pair in all)
            {
                features._rows.Add((Id(pair.Prompt), Id(pair.Chosen), Id(pair.Rejected)));
            }

            using var noGrad = no_grad();
            features._table = model.Embeddings([.. index.OrderBy(p => p.Value).Select(p => p.Key)]).DetachFromDisposeScope();
            return features;
        }

        /// <summary>reward(chosen) − reward(rejected) [n] for the pairs at <paramref name="pairs"/> (with gradients).</summary>
        public Tensor Margins(RewardModel model, IReadOnlyList<int> pairs)
        {
            if (_table is null)
            {
                var rewards = model.DecoderRewards([.. pairs.Select(i => _chosen[i]), .. pairs.Select(i => _rejected[i])]);
                return rewards[..pairs.Count] - rewards[pairs.Count..];
            }

            using var prompt = tensor(pairs.Select(i => (long)_rows[i].Prompt).ToArray());
            using var chosen = tensor(pairs.Select(i => (long)_rows[i].Chosen).ToArray());
            using var rejected = tensor(pairs.Select(i => (long)_rows[i].Rejected).ToArray());
            var p = _table.index_select(0, prompt);
            return model.EncoderRewards(p, _table.index_select(0, chosen)) - model.EncoderRewards(p, _table.index_select(0, rejected));
        }

        public RewardEvaluation Evaluate(RewardModel model, int count, int offset)
        {
            var wasTraining = model.Decoder?.training ?? false;
            model.Decoder?.eval();
            try
            {
                var margins = new List<double>();
                using var noGrad = no_grad();
                foreach (var chunk in Enumerable.Range(offset, count).Chunk(32))
                {
                    using var scope = NewDisposeScope();
                    margins.AddRange(Margins(model, chunk).to(ScalarType.Float64).cpu().data<double>().ToArray());
                }

                return RewardEvaluation.FromMargins(margins);
            }
            finally
            {
                model.Decoder?.train(wasTraining);
            }
        }
    }
}
