namespace AlignLab.Classification;

/// <summary>Settings of <see cref="SafetyModelTrainer"/>. Defaults are the ones the bundled model was trained with.</summary>
public sealed class TrainingOptions
{
    /// <summary>log2 of the number of hash buckets (2^18 = 262,144).</summary>
    public int BucketBits { get; set; } = 18;

    public int Epochs { get; set; } = 6;

    /// <summary>AdaGrad base learning rate.</summary>
    public float LearningRate { get; set; } = 0.2f;

    /// <summary>L2 penalty applied to the weights a step touches.</summary>
    public float L2 { get; set; } = 1e-6f;

    public int Seed { get; set; } = 1234;

    /// <summary>
    /// Features kept per example during training. Unlimited by default, so that training sees exactly the
    /// features (and the 1/√n scale) that inference computes.
    /// </summary>
    public int MaxFeaturesPerExample { get; set; } = int.MaxValue;

    /// <summary>The n-gram families to train on.</summary>
    public FeatureSet Features { get; set; } = FeatureSet.All;

    /// <summary>Epochs of the <see cref="SecondTier"/> network; 0 trains a linear-only model.</summary>
    public int SecondTierEpochs { get; set; } = 6;

    /// <summary>AdaGrad base learning rate of the second tier.</summary>
    public float SecondTierLearningRate { get; set; } = 0.05f;

    /// <summary>The first-tier unsafe probabilities for which the second tier is consulted: [low, high].</summary>
    public float SecondTierBandLow { get; set; } = 0.1f;

    /// <inheritdoc cref="SecondTierBandLow"/>
    public float SecondTierBandHigh { get; set; } = 0.9f;

    /// <summary>Target false-positive rate used to pick the unsafe threshold on the validation split.</summary>
    public double UnsafeTargetFpr { get; set; } = 0.05;

    /// <summary>Target false-positive rate used to pick each category's threshold.</summary>
    public double CategoryTargetFpr { get; set; } = 0.02;

    /// <summary>Returns the problems with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BucketBits is < 10 or > 24)
        {
            errors.Add("BucketBits must be 10–24");
        }

        if (Epochs is < 1 or > 100)
        {
            errors.Add("Epochs must be 1–100");
        }

        if (SecondTierEpochs is < 0 or > 100)
        {
            errors.Add("SecondTierEpochs must be 0–100");
        }

        if (SecondTierLearningRate is <= 0 or > 10)
        {
            errors.Add("SecondTierLearningRate must be in (0, 10]");
        }

        if (SecondTierBandLow is < 0 or > 1 || SecondTierBandHigh is < 0 or > 1 || SecondTierBandLow > SecondTierBandHigh)
        {
            errors.Add("the second-tier band must satisfy 0 ≤ low ≤ high ≤ 1");
        }

        if ((Features & ~FeatureSet.All) != 0)
        {
            errors.Add("unknown feature families");
        }

        if (LearningRate is <= 0 or > 10)
        {
            errors.Add("LearningRate must be in (0, 10]");
        }

        if (L2 is < 0 or > 1)
        {
            errors.Add("L2 must be in [0, 1]");
        }

        if (UnsafeTargetFpr is <= 0 or >= 1 || CategoryTargetFpr is <= 0 or >= 1)
        {
            errors.Add("target FPRs must be in (0, 1)");
        }

        return errors;
    }
}
