using System.Numerics.Tensors;

namespace AlignLab.Encoders.Heads;

/// <summary>
/// A head over a frozen sentence embedding, stacked with the fast tier: the head gives log-odds h from the embedding
/// (logistic when <see cref="HiddenUnits"/> is 0, else one ReLU hidden layer), and the stacked unsafe probability is
/// σ(<see cref="StackFast"/>·f + <see cref="StackContext"/>·h + <see cref="StackBias"/>), where f is the fast tier's unsafe
/// probability as log-odds. The head is trained on the training split, the three stacking weights on validation (so
/// they see the fast tier's scores of texts it was not trained on). Immutable; thread-safe.
/// </summary>
public sealed class ContextualHead
{
    internal ContextualHead(HeadWeights weights, StackWeights stack, string encoder, string fastModelDigest)
    {
        Weights = weights;
        Stack = stack;
        Encoder = encoder;
        FastModelDigest = fastModelDigest;
    }

    /// <summary>The encoder the head was trained on (e.g. "all-MiniLM-L6-v2").</summary>
    public string Encoder { get; }

    /// <summary>SHA-256 of the fast tier's model file the stacking weights were fitted with.</summary>
    public string FastModelDigest { get; }

    /// <summary>Embedding size it reads.</summary>
    public int Dimensions => Weights.Dimensions;

    /// <summary>Hidden units (0: logistic head).</summary>
    public int HiddenUnits => Weights.HiddenUnits;

    /// <summary>Weight of the fast tier's log-odds in the stack.</summary>
    public float StackFast => Stack.Fast;

    /// <summary>Weight of the head's log-odds in the stack.</summary>
    public float StackContext => Stack.Context;

    /// <summary>Bias of the stack.</summary>
    public float StackBias => Stack.Bias;

    /// <summary>Unsafe threshold of the stacked probability (chosen on validation at the fast tier's FPR budget).</summary>
    public float Threshold => Stack.Threshold;

    internal HeadWeights Weights { get; }

    internal StackWeights Stack { get; }

    /// <summary>The head's own log-odds for one embedding.</summary>
    public float HeadLogit(ReadOnlySpan<float> embedding) => Weights.Logit(embedding);

    /// <summary>The stacked unsafe probability from the fast tier's probability and an embedding.</summary>
    public float Probability(float fastProbability, ReadOnlySpan<float> embedding) => Stack.Probability(fastProbability, HeadLogit(embedding));

    /// <summary>Log-odds of a probability, clamped to ±12 so that 0 and 1 stay finite.</summary>
    public static float LogOdds(float p)
    {
        var q = Math.Clamp(p, 6e-6f, 1 - 6e-6f);
        return Math.Clamp(MathF.Log(q / (1 - q)), -12f, 12f);
    }

    internal static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));
}

/// <summary>The head's network: logistic (<see cref="HiddenUnits"/> 0) or one ReLU hidden layer.</summary>
internal sealed record HeadWeights(int Dimensions, int HiddenUnits, float[] Hidden, float[] HiddenBias, float[] Output, float OutputBias)
{
    public float Logit(ReadOnlySpan<float> x)
    {
        if (x.Length != Dimensions)
        {
            throw new ArgumentException($"the head reads {Dimensions}-dimensional embeddings, not {x.Length}", nameof(x));
        }

        if (HiddenUnits == 0)
        {
            return OutputBias + TensorPrimitives.Dot(Output, x);
        }

        var z = OutputBias;
        for (var u = 0; u < HiddenUnits; u++)
        {
            var a = HiddenBias[u] + TensorPrimitives.Dot(Hidden.AsSpan(u * Dimensions, Dimensions), x);
            if (a > 0)
            {
                z += Output[u] * a;
            }
        }

        return z;
    }
}

/// <summary>The stack over (fast log-odds, head log-odds), and its threshold.</summary>
internal sealed record StackWeights(float Fast, float Context, float Bias, float Threshold)
{
    public float Probability(float fastProbability, float headLogit) =>
        ContextualHead.Sigmoid((Fast * ContextualHead.LogOdds(fastProbability)) + (Context * headLogit) + Bias);
}
