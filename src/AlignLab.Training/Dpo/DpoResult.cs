using AlignLab.Training.Lora;

namespace AlignLab.Training.Dpo;

/// <summary>What a DPO run did.</summary>
public sealed record DpoResult
{
    /// <summary>The adapters trained (still attached to the model), or null for full fine-tuning.</summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>Values the optimiser updated.</summary>
    public long TrainableParameters { get; init; }

    /// <summary>The step the run resumed from (0: a fresh start).</summary>
    public int ResumedFromStep { get; init; }

    /// <summary>Steps of the whole run.</summary>
    public int TotalSteps { get; init; }

    /// <summary>The held-out pairs before training (the policy equals the reference, so KL is 0).</summary>
    public DpoEvaluation? HeldOutBefore { get; init; }

    /// <summary>The held-out pairs at the end.</summary>
    public DpoEvaluation? HeldOut { get; init; }

    /// <summary>Median seconds per optimiser step in this process.</summary>
    public double MedianStepSeconds { get; init; }

    /// <summary>Problems that did not stop the run (a checkpoint that could not be written).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
