using AlignLab.Training.Lora;

namespace AlignLab.Training.Preferences;

/// <summary>Settings of a reward-model or DPO run (defaults suit the tiny models of the tests).</summary>
public sealed record PreferenceOptions
{
    /// <summary>LoRA adapters to train on the decoder; null trains every decoder parameter.</summary>
    public LoraOptions? Lora { get; init; }

    /// <summary>Peak learning rate of AdamW.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW decoupled weight decay (default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Passes over the training pairs (ignored when <see cref="MaxSteps"/> is set).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Optimiser steps to run, cycling epochs as needed; 0 runs <see cref="Epochs"/> epochs.</summary>
    public int MaxSteps { get; init; }

    /// <summary>Pairs per optimiser step.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Warm-up steps as a fraction of the total (rounded up), before the cosine decay.</summary>
    public double WarmupRatio { get; init; } = 0.05;

    /// <summary>Gradient-norm clipping; 0 or less disables it.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Longest prompt + answer in tokens; the prompt's start is cut first, then the answer's end.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>DPO's β: the strength of the pull towards the reference (TRL: 0.1).</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Hidden units of the encoder reward model's head (0: a linear head).</summary>
    public int HeadHidden { get; init; } = 64;

    /// <summary>Seeds the data order, the head's and adapters' initialisation and dropout.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Measure the held-out pairs every this many steps (0: only at the end).</summary>
    public int EvalEvery { get; init; }

    /// <summary>Write a resumable checkpoint every this many steps (0: none).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Checkpoints kept.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Continue from the newest complete checkpoint in the output folder.</summary>
    public bool Resume { get; init; }

    /// <summary>Written as <c>base_model_name_or_path</c> in an adapter config.</summary>
    public string? BaseModelName { get; init; }

    /// <summary>Device to train on (null: where the model is, the CPU for the encoder head).</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Opens files the checkpoints write (tests inject a full disk here).</summary>
    internal Func<string, Stream>? CreateFile { get; init; }

    /// <summary>Called after each optimiser step with its number (tests stop a run here).</summary>
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
        Check(errors, WarmupRatio is >= 0 and < 1, $"warm-up ratio must be in [0, 1) (got {WarmupRatio})");
        Check(errors, MaxLength >= 8, $"max length must be at least 8 (got {MaxLength})");
        Check(errors, Beta > 0 && double.IsFinite(Beta), $"beta must be positive (got {Beta})");
        Check(errors, HeadHidden is >= 0 and <= 4096, $"head hidden units must be 0-4096 (got {HeadHidden})");
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
