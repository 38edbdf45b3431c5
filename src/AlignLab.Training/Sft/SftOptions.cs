using AlignLab.Training.Lora;

namespace AlignLab.Training.Sft;

/// <summary>Settings of an SFT run (defaults suit the tiny models of the tests; TRL's are noted where they differ).</summary>
public sealed record SftOptions
{
    /// <summary>LoRA adapters to train; null trains every parameter (full fine-tuning).</summary>
    public LoraOptions? Lora { get; init; }

    /// <summary>Peak learning rate of AdamW (TRL: 2e-5 full, 1e-4 typical for LoRA).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW decoupled weight decay, applied to every trained tensor (default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Passes over the training data (ignored when <see cref="MaxSteps"/> is set).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Optimiser steps to run, cycling epochs as needed; 0 runs <see cref="Epochs"/> epochs.</summary>
    public int MaxSteps { get; init; }

    /// <summary>Rows per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches whose gradients add up to one optimiser step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Warm-up steps as a fraction of the total (rounded up), before the cosine decay.</summary>
    public double WarmupRatio { get; init; } = 0.05;

    /// <summary>Gradient-norm clipping; 0 or less disables it (TRL: 1.0).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Longest row in tokens; longer conversations are cut at the end.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Pack several conversations into each row (whole conversations, first-fit).</summary>
    public bool Packing { get; init; } = true;

    /// <summary>Seeds the data order, the adapters' initialisation and dropout; a run is reproducible from it.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Evaluate the held-out loss every this many steps (0: only at the end).</summary>
    public int EvalEvery { get; init; }

    /// <summary>Write a resumable checkpoint every this many steps (0: none).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Checkpoints kept (the oldest are removed after a newer one is complete).</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Continue from the newest complete checkpoint in the output folder.</summary>
    public bool Resume { get; init; }

    /// <summary>Written as <c>base_model_name_or_path</c> in the adapter config.</summary>
    public string? BaseModelName { get; init; }

    /// <summary>Device to train on (null: CPU).</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Opens files the checkpoints write (tests inject a full disk here).</summary>
    internal Func<string, Stream>? CreateFile { get; init; }

    /// <summary>Called after each optimiser step with its number (tests stop a run abruptly here).</summary>
    internal Action<int>? AfterStep { get; init; }

    /// <summary>Every problem with the values.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, LearningRate > 0 && double.IsFinite(LearningRate), $"learning rate must be positive (got {LearningRate})");
        Check(errors, WeightDecay >= 0, $"weight decay must not be negative (got {WeightDecay})");
        Check(errors, Epochs > 0 || MaxSteps > 0, "give a positive number of epochs or steps");
        Check(errors, MaxSteps >= 0, $"steps must not be negative (got {MaxSteps})");
        Check(errors, BatchSize > 0, $"batch size must be positive (got {BatchSize})");
        Check(errors, GradientAccumulation > 0, $"gradient accumulation must be positive (got {GradientAccumulation})");
        Check(errors, WarmupRatio is >= 0 and < 1, $"warm-up ratio must be in [0, 1) (got {WarmupRatio})");
        Check(errors, MaxLength >= 2, $"max length must be at least 2 (got {MaxLength})");
        Check(errors, EvalEvery >= 0 && CheckpointEvery >= 0, "evaluation and checkpoint intervals must not be negative");
        Check(errors, KeepCheckpoints >= 1, $"keep at least one checkpoint (got {KeepCheckpoints})");
        if (Lora is not null)
        {
            errors.AddRange(Lora.Validate().Select(e => "lora: " + e));
        }

        return errors;
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
