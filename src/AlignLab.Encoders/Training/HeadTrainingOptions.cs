namespace AlignLab.Encoders.Training;

/// <summary>How a contextual head is trained.</summary>
public sealed class HeadTrainingOptions
{
    /// <summary>Hidden units (0: a logistic head).</summary>
    public int HiddenUnits { get; init; }

    /// <summary>Passes over the training rows.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 0.003f;

    /// <summary>L2 penalty on the weights (not the biases).</summary>
    public float L2 { get; init; } = 1e-4f;

    /// <summary>Rows per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seed of the shuffles and the initial weights.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>False-positive budget on validation for the stacked threshold (the fast tier's own budget).</summary>
    public double TargetFpr { get; init; } = 0.05;
}
