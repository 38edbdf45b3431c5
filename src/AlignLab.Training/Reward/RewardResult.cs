using AlignLab.Training.Lora;

namespace AlignLab.Training.Reward;

/// <summary>What a reward-model run did.</summary>
public sealed record RewardResult
{
    /// <summary>The LoRA adapters trained (merged into the decoder, still attached), or null.</summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>Values the optimiser updated (head included).</summary>
    public long TrainableParameters { get; init; }

    /// <summary>The step the run resumed from (0: a fresh start).</summary>
    public int ResumedFromStep { get; init; }

    /// <summary>Steps of the whole run.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Held-out accuracy and calibration before training (the fresh head).</summary>
    public RewardEvaluation? HeldOutBefore { get; init; }

    /// <summary>Held-out accuracy and calibration at the end.</summary>
    public RewardEvaluation? HeldOut { get; init; }

    /// <summary>Accuracy and calibration on the training pairs at the end.</summary>
    public RewardEvaluation? Train { get; init; }

    /// <summary>Median seconds per optimiser step in this process.</summary>
    public double MedianStepSeconds { get; init; }

    /// <summary>Problems that did not stop the run (a checkpoint that could not be written).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
