using AlignLab.Training.Lora;

namespace AlignLab.Training.Sft;

/// <summary>What an SFT run did.</summary>
public sealed record SftResult
{
    /// <summary>The adapters trained (still attached to the model), or null for full fine-tuning.</summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>Values the optimiser updated.</summary>
    public long TrainableParameters { get; init; }

    /// <summary>Values in the model (adapters excluded).</summary>
    public long ModelParameters { get; init; }

    /// <summary>The rows of this process's steps (after a resume, from the resumed step on).</summary>
    public IReadOnlyList<SftStepLog> Steps { get; init; } = [];

    /// <summary>The step the run resumed from (0: a fresh start).</summary>
    public int ResumedFromStep { get; init; }

    /// <summary>Steps of the whole run.</summary>
    public int TotalSteps { get; init; }

    /// <summary>The held-out loss at the end (null without held-out data).</summary>
    public double? EvalLoss { get; init; }

    /// <summary>Median seconds per optimiser step in this process.</summary>
    public double MedianStepSeconds { get; init; }

    /// <summary>Problems that did not stop the run (a checkpoint that could not be written, conversations cut to nothing).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
