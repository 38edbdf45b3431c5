using System.Numerics.Tensors;
using AlignLab.Classification;
using AlignLab.Encoders.Heads;

namespace AlignLab.Encoders.Training;

/// <summary>
/// Trains contextual heads in plain C#: the head on embeddings of the training rows (class-balanced weighted log-loss,
/// Adam, L2), then the stack (fast log-odds, head log-odds, bias) on validation by Newton's method, then the threshold on
/// validation at <see cref="HeadTrainingOptions.TargetFpr"/>. Deterministic for a seed.
/// </summary>
public sealed class HeadTrainer(HeadTrainingOptions options)
{
    private readonly HeadTrainingOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Trains the head network on embeddings and labels.</summary>
    internal HeadWeights TrainHead(IReadOnlyList<float[]> x, IReadOnlyList<bool> y, CancellationToken cancellationToken = default)
    {
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException("the head needs as many labels as embeddings, and at least one");
        }

        var d = x[0].Length;
        var hidden = _options.HiddenUnits;
        var random = new Random(_options.Seed);
        var pos = y.Count(v => v);
        var neg = y.Count - pos;
        var posWeight = pos == 0 ? 1f : (float)neg / pos;
        var weightNorm = (float)y.Count / ((pos * posWeight) + neg);

        // Parameters: hidden layer (h×d), hidden bias (h), output (h or d), output bias.
        var w1 = new float[hidden * d];
        var b1 = new float[hidden];
        var w2 = new float[hidden == 0 ? d : hidden];
        var b2 = new float[1];
        var scale = MathF.Sqrt(2f / d);
        for (var i = 0; i < w1.Length; i++)
        {
            w1[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        if (hidden > 0)
        {
            for (var i = 0; i < w2.Length; i++)
            {
                w2[i] = (float)(random.NextDouble() * 2 - 1) * MathF.Sqrt(1f / hidden);
            }
        }

        var parameters = new[] { w1, b1, w2, b2 };
        var grads = parameters.Select(p => new float[p.Length]).ToArray();
        var adam = new Adam(parameters, _options.LearningRate);
        var order = Enumerable.Range(0, x.Count).ToArray();
        var activation = new float[hidden];
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += _options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var g in grads)
                {
                    Array.Clear(g);
                }

                var end = Math.Min(start + _options.BatchSize, order.Length);
                var n = end - start;
                for (var k = start; k < end; k++)
                {
                    var row = x[order[k]];
                    var label = y[order[k]];
                    var z = b2[0];
                    if (hidden == 0)
                    {
                        z += TensorPrimitives.Dot(w2, row);
                    }
                    else
                    {
                        for (var u = 0; u < hidden; u++)
                        {
                            activation[u] = Math.Max(0f, b1[u] + TensorPrimitives.Dot(w1.AsSpan(u * d, d), row));
                            z += w2[u] * activation[u];
                        }
                    }

                    var rowWeight = (label ? posWeight : 1f) * weightNorm / n;
                    var dz = (ContextualHead.Sigmoid(z) - (label ? 1f : 0f)) * rowWeight;
                    grads[3][0] += dz;
                    if (hidden == 0)
                    {
                        TensorPrimitives.MultiplyAdd(row, dz, grads[2], grads[2]);
                        continue;
                    }

                    for (var u = 0; u < hidden; u++)
                    {
                        if (activation[u] <= 0)
                        {
                            continue;
                        }

                        grads[2][u] += dz * activation[u];
                        var da = dz * w2[u];
                        grads[1][u] += da;
                        var gRow = grads[0].AsSpan(u * d, d);
                        TensorPrimitives.MultiplyAdd(row, da, gRow, gRow);
                    }
                }

                // L2 on weights.
                TensorPrimitives.MultiplyAdd(w1, _options.L2, grads[0], grads[0]);
                TensorPrimitives.MultiplyAdd(w2, _options.L2, grads[2], grads[2]);
                adam.Step(grads);
            }
        }

        return new HeadWeights(d, hidden, w1, b1, w2, b2[0]);
    }

    /// <summary>Fits the stack on validation: fast probabilities, head log-odds and labels; the threshold at the FPR budget.</summary>
    internal StackWeights FitStack(IReadOnlyList<float> fast, IReadOnlyList<float> head, IReadOnlyList<bool> y)
    {
        // Logistic regression on (f, h, 1) by Newton steps with a small ridge; both classes weighted equally.
        var pos = y.Count(v => v);
        var neg = y.Count - pos;
        var wp = pos == 0 ? 1.0 : (double)y.Count / (2.0 * pos);
        var wn = neg == 0 ? 1.0 : (double)y.Count / (2.0 * neg);
        var beta = new double[] { 1, 1, 0 };
        for (var iter = 0; iter < 50; iter++)
        {
            var g = new double[3];
            var hm = new double[3, 3];
            for (var i = 0; i < y.Count; i++)
            {
                double[] v = [ContextualHead.LogOdds(fast[i]), head[i], 1];
                var z = (beta[0] * v[0]) + (beta[1] * v[1]) + beta[2];
                var p = 1 / (1 + Math.Exp(-z));
                var wt = y[i] ? wp : wn;
                var r = (p - (y[i] ? 1 : 0)) * wt;
                var s = Math.Max(p * (1 - p), 1e-9) * wt;
                for (var a = 0; a < 3; a++)
                {
                    g[a] += r * v[a];
                    for (var b = 0; b < 3; b++)
                    {
                        hm[a, b] += s * v[a] * v[b];
                    }
                }
            }

            for (var a = 0; a < 2; a++)
            {
                g[a] += 1e-3 * beta[a];
                hm[a, a] += 1e-3;
            }

            var step = Solve3(hm, g);
            for (var a = 0; a < 3; a++)
            {
                beta[a] -= step[a];
            }

            if (step.Sum(Math.Abs) < 1e-7)
            {
                break;
            }
        }

        var stack = new StackWeights((float)beta[0], (float)beta[1], (float)beta[2], 0.5f);
        var scored = new List<(double Score, bool Positive)>(y.Count);
        for (var i = 0; i < y.Count; i++)
        {
            scored.Add((stack.Probability(fast[i], head[i]), y[i]));
        }

        return stack with { Threshold = (float)ThresholdSelector.ForTargetFpr(scored, _options.TargetFpr) };
    }

    private static double[] Solve3(double[,] m, double[] b)
    {
        // Cramer's rule on a 3×3 system (positive definite here).
        static double Det(double[,] a) =>
            (a[0, 0] * ((a[1, 1] * a[2, 2]) - (a[1, 2] * a[2, 1]))) - (a[0, 1] * ((a[1, 0] * a[2, 2]) - (a[1, 2] * a[2, 0])))
            + (a[0, 2] * ((a[1, 0] * a[2, 1]) - (a[1, 1] * a[2, 0])));
        var det = Det(m);
        var x = new double[3];
        if (Math.Abs(det) < 1e-18)
        {
            return x;
        }

        for (var c = 0; c < 3; c++)
        {
            var mc = (double[,])m.Clone();
            for (var r = 0; r < 3; r++)
            {
                mc[r, c] = b[r];
            }

            x[c] = Det(mc) / det;
        }

        return x;
    }

    private sealed class Adam(float[][] parameters, float learningRate)
    {
        private const float Beta1 = 0.9f;
        private const float Beta2 = 0.999f;
        private readonly float[][] _m = parameters.Select(p => new float[p.Length]).ToArray();
        private readonly float[][] _v = parameters.Select(p => new float[p.Length]).ToArray();
        private int _t;

        public void Step(float[][] grads)
        {
            _t++;
            var c1 = 1 - MathF.Pow(Beta1, _t);
            var c2 = 1 - MathF.Pow(Beta2, _t);
            for (var k = 0; k < parameters.Length; k++)
            {
                var p = parameters[k];
                var g = grads[k];
                var m = _m[k];
                var v = _v[k];
                for (var i = 0; i < p.Length; i++)
                {
                    m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g[i]);
                    v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g[i] * g[i]);
                    p[i] -= learningRate * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + 1e-8f);
                }
            }
        }
    }
}
