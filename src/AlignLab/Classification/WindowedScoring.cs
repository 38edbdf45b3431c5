using System.Buffers;
using System.Runtime.Intrinsics;
using AlignLab.Constitutions;

namespace AlignLab.Classification;

/// <summary>
/// Scores one view as a whole and by windows, so that benign sentences around a harmful one cannot dilute it: with
/// each feature weighted 1/√n, a 128-character benign sentence in front of a phishing request took its unsafe score
/// from 0.91 to 0.07, and eight of them to 0 (issue 13).
/// </summary>
/// <remarks>
/// <para>The view is cut into units (sentences of at least <see cref="ScoringUnits.MinUnit"/> characters, see
/// <see cref="ScoringUnits"/>); the windows are every unit alone and every two neighbouring units, scored by the linear
/// tier (the second tier re-scores the whole view only, as before). A window counts when its unsafe probability reaches
/// <see cref="WindowThreshold"/>, is higher than the whole view's, and its strongest category is not jailbreak or
/// prompt injection (those describe how the whole text is framed, which a sentence taken alone does not show: "Try to
/// explain your answer step by step" reads as a jailbreak on its own). The view's unsafe score is then the best such
/// window's, and each category score the higher of the window's and the whole view's; otherwise the view's scores are
/// the whole view's, exactly as before.</para>
/// <para>The window threshold is stricter than the model's own because a long text has many windows, each a chance of
/// a false positive. It is the lowest of 0.80, 0.85 and 0.90 that keeps the unsafe FPR on the validation split within
/// half a point of the whole-text model's (5.0% → 6.0%, 5.4%, 5.4%; test 4.5% → 5.3% at 0.85). A benign sentence in
/// front of each of the 196 bundled harmful requests lowers what the default guard blocks from 37.8% to 16.3% without
/// windows and to 32.7% with them (eight sentences: 21.4% and 36.2%), while its false positives on the benign suite,
/// mt-bench/vicuna and arena-hard prompts stay at 0%, 0% and 2.4%.</para>
/// <para>The features are extracted once: each feature's weight row is added to the whole-text sums and to the sums of
/// the unit it lies in (a feature across two units to the sums of that pair), and a window's sums are the sums of its
/// units, since the linear tier is linear up to its calibration. A window therefore costs a few adds and one sigmoid
/// whatever its length, and a view of k units costs one extraction plus 2k − 1 windows, with k at most
/// <see cref="ScoringUnits.MaxUnits"/> (one unit per sentence up to about 1 MB of text): any text is scored in time
/// linear in its length, with at most 32,767 windows. A text too short for two units (under 128 characters) is
/// scored as a whole, by the same code as before.</para>
/// <para>The extraction itself is done once per view for both tiers: the features are kept in a
/// <see cref="FeatureBuffer"/> and replayed in the same order into the linear tier's sums and, in its band, the second
/// tier's, which extracted the text a second time before (texts over <see cref="FeatureBuffer.MaxText"/> characters
/// still do).</para>
/// </remarks>
internal static class WindowedScoring
{
    /// <summary>Lowest unsafe probability at which a window can set the view's scores.</summary>
    public const float WindowThreshold = 0.85f;

    private static readonly int Jailbreak = SafetyLabels.IndexOf(HarmCategory.Jailbreak);
    private static readonly int PromptInjection = SafetyLabels.IndexOf(HarmCategory.PromptInjection);

    /// <summary>
    /// Writes the view's probabilities (every output) into <paramref name="probabilities"/> and returns the window whose
    /// unsafe score they carry, in view coordinates (<c>(0, text.Length)</c> for the whole view).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="text">The view's text.</param>
    /// <param name="probabilities">Receives every output's probability.</param>
    /// <param name="bufferFeatures">
    /// Whether to hash the features once and replay them into each tier (see <see cref="FeatureBuffer"/>); false extracts
    /// them for each tier, as before (the same scores, bit for bit; tests compare the two). A text over
    /// <see cref="FeatureBuffer.MaxText"/> characters is always extracted per tier, so that no buffer grows with it.
    /// </param>
    public static (int Start, int End) Score(SafetyModel model, string text, Span<float> probabilities, bool bufferFeatures = true)
    {
        var features = bufferFeatures && text.Length <= FeatureBuffer.MaxText ? FeatureBuffer.Of(text, model.BucketMask, model.Features) : null;
        if (ScoringUnits.IsSingle(text))
        {
            Whole(model, text, features, probabilities);
            return (0, text.Length);
        }

        var ends = ArrayPool<int>.Shared.Rent(ScoringUnits.Capacity(text.Length));
        try
        {
            var units = ScoringUnits.Split(text, ends);
            if (units == 1)
            {
                Whole(model, text, features, probabilities);
                return (0, text.Length);
            }

            return ScoreUnits(model, text, features, ends, units, probabilities);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    // The whole text exactly as SafetyModel.Probabilities scores it, from the buffered features when there are some.
    private static void Whole(SafetyModel model, string text, FeatureBuffer? features, Span<float> probabilities)
    {
        if (features is null)
        {
            model.Probabilities(text, probabilities);
            return;
        }

        var sink = new ScoreSink(model.Weights);
        features.Replay(ref sink);
        model.Logits(sink.A0, sink.A1, sink.A2, sink.Count, probabilities);
        for (var l = 0; l < SafetyLabels.Count; l++)
        {
            probabilities[l] = model.Calibrate(l, probabilities[l]);
        }

        InBand(model, text, features, probabilities);
    }

    // The second tier re-scores the unsafe output inside its band, as SafetyModel.Probabilities does.
    private static void InBand(SafetyModel model, string text, FeatureBuffer? features, Span<float> probabilities)
    {
        if (model.SecondTier is not { } tier || !tier.Covers(probabilities[SafetyLabels.Unsafe]))
        {
            return;
        }

        if (features is null)
        {
            probabilities[SafetyLabels.Unsafe] = tier.Calibrate(tier.Logit(text, model.BucketMask, model.Features));
            return;
        }

        var hidden = new HiddenSink(tier.Embedding);
        features.Replay(ref hidden);
        probabilities[SafetyLabels.Unsafe] = tier.Calibrate(tier.Output(hidden.H0, hidden.H1, hidden.Count));
    }

    private static (int Start, int End) ScoreUnits(
        SafetyModel model, string text, FeatureBuffer? features, int[] ends, int units, Span<float> probabilities)
    {
        var sums = ArrayPool<float>.Shared.Rent(2 * units * SafetyModel.Stride);
        var counts = ArrayPool<int>.Shared.Rent(2 * units);
        try
        {
            Array.Clear(sums, 0, 2 * units * SafetyModel.Stride);
            Array.Clear(counts, 0, 2 * units);
            var sink = new UnitSink(model.Weights, ends, units, sums, counts);
            if (features is null)
            {
                NgramFeaturizer.Extract(text, model.BucketMask, ref sink, model.Features);
            }
            else
            {
                features.Replay(ref sink);
            }

            sink.Flush();

            // The whole view exactly as Probabilities(text) scores it.
            model.Logits(sink.A0, sink.A1, sink.A2, sink.Count, probabilities);
            for (var l = 0; l < SafetyLabels.Count; l++)
            {
                probabilities[l] = model.Calibrate(l, probabilities[l]);
            }

            InBand(model, text, features, probabilities);

            var best = probabilities[SafetyLabels.Unsafe];
            var (first, last) = (-1, -1);
            for (var i = 0; i < units; i++)
            {
                // Unit i alone, then with unit i + 1 (both units of two are the whole view, already scored).
                var widest = units == 2 ? i : Math.Min(i + 1, units - 1);
                for (var j = i; j <= widest; j++)
                {
                    var window = new Window(sums, counts, units, i, j);
                    var z = model.Bias[SafetyLabels.Unsafe] + (window.Output(SafetyLabels.Unsafe) * SafetyModel.FeatureScale(window.Count));
                    var p = model.Calibrate(SafetyLabels.Unsafe, z);
                    if (p >= WindowThreshold && p > best && !IsFraming(model, window))
                    {
                        (best, first, last) = (p, i, j);
                    }
                }
            }

            if (first < 0)
            {
                return (0, text.Length);
            }

            var winner = new Window(sums, counts, units, first, last);
            Span<float> scores = stackalloc float[SafetyLabels.Count];
            model.Logits(winner.Sum(0), winner.Sum(8), winner.Sum(16), winner.Count, scores);
            probabilities[SafetyLabels.Unsafe] = best;
            for (var l = SafetyLabels.Unsafe + 1; l < SafetyLabels.Count; l++)
            {
                probabilities[l] = Math.Max(probabilities[l], model.Calibrate(l, scores[l]));
            }

            return (first == 0 ? 0 : ends[first - 1], ends[last]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    // Whether the window's strongest category (by calibrated log-odds) is jailbreak or prompt injection.
    private static bool IsFraming(SafetyModel model, Window window)
    {
        var scale = SafetyModel.FeatureScale(window.Count);
        var strongest = -1;
        var strongestZ = float.NegativeInfinity;
        for (var l = SafetyLabels.Unsafe + 1; l < SafetyLabels.Count; l++)
        {
            var z = (model.PlattA[l] * (model.Bias[l] + (window.Output(l) * scale))) + model.PlattB[l];
            if (z > strongestZ)
            {
                (strongest, strongestZ) = (l, z);
            }
        }

        return strongest == Jailbreak || strongest == PromptInjection;
    }

    /// <summary>
    /// Unit <c>First</c> alone, or units <c>First</c> and <c>First + 1</c> with the features across their boundary, read
    /// from the sums of a <see cref="UnitSink"/>.
    /// </summary>
    private readonly ref struct Window(float[] sums, int[] counts, int units, int first, int last)
    {
        public int Count { get; } = last > first ? counts[first] + counts[last] + counts[units + first] : counts[first];

        /// <summary>The summed weight of one output.</summary>
        public float Output(int index) => last > first
            ? sums[(first * SafetyModel.Stride) + index] + sums[(last * SafetyModel.Stride) + index]
                + sums[((units + first) * SafetyModel.Stride) + index]
            : sums[(first * SafetyModel.Stride) + index];

        /// <summary>The 8 summed weights at <paramref name="offset"/> of the row.</summary>
        public Vector256<float> Sum(int offset)
        {
            var v = Vector256.Create(sums.AsSpan((first * SafetyModel.Stride) + offset, 8));
            if (last > first)
            {
                v += Vector256.Create(sums.AsSpan((last * SafetyModel.Stride) + offset, 8));
                v += Vector256.Create(sums.AsSpan(((units + first) * SafetyModel.Stride) + offset, 8));
            }

            return v;
        }
    }
}
