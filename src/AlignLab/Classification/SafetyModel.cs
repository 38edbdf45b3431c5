using System.IO.Compression;
using System.Runtime.Intrinsics;
using System.Text;
using AlignLab.Normalization;

namespace AlignLab.Classification;

/// <summary>
/// The trained multi-label linear model: hashed n-gram weights for every output, a bias, Platt calibration
/// (<c>p = σ(A·z + B)</c>) and a decision threshold per output, plus an optional <see cref="SecondTier"/> that
/// re-scores the unsafe output when the linear tier is unsure. Immutable and thread-safe once built.
/// </summary>
public sealed class SafetyModel
{
    /// <summary>Floats per weight row: every output, padded to a multiple of 8 for vector adds.</summary>
    public const int Stride = 24;

    private const uint Magic = 0x4353_4C41; // "ALSC"
    private const int FormatVersion = 2;

    internal SafetyModel(int bucketBits, float[] weights, float[] bias, float[] plattA, float[] plattB, float[] thresholds, string metadataJson, FeatureSet features = FeatureSet.All, SecondTier? secondTier = null)
    {
        if (SafetyLabels.Count > Stride)
        {
            throw new InvalidOperationException("too many outputs for the weight row layout");
        }

        BucketBits = bucketBits;
        Weights = weights;
        Bias = bias;
        PlattA = plattA;
        PlattB = plattB;
        FirstTierThresholds = thresholds;
        var effective = (float[])thresholds.Clone();
        if (secondTier is not null)
        {
            effective[SafetyLabels.Unsafe] = secondTier.UnsafeThreshold;
        }

        Thresholds = effective;
        MetadataJson = metadataJson;
        Features = features;
        SecondTier = secondTier;
        if (secondTier is not null && secondTier.Embedding.Length != (1 << bucketBits) * SecondTier.HiddenUnits)
        {
            throw new ArgumentException("the second tier's table does not match the bucket count", nameof(secondTier));
        }
    }

    /// <summary>log2 of the number of hash buckets.</summary>
    public int BucketBits { get; }

    internal int BucketMask => (1 << BucketBits) - 1;

    internal float[] Weights { get; }

    internal float[] Bias { get; }

    internal float[] PlattA { get; }

    internal float[] PlattB { get; }

    /// <summary>
    /// Per-output decision thresholds chosen at training time (index-aligned with <see cref="SafetyLabels.Names"/>); with a
    /// second tier, the unsafe one is the cascade's.
    /// </summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>The first tier's own thresholds (what is stored in the file).</summary>
    internal float[] FirstTierThresholds { get; }

    /// <summary>Training manifest and metrics, as JSON.</summary>
    public string MetadataJson { get; }

    /// <summary>The n-gram families the model was trained on.</summary>
    public FeatureSet Features { get; }

    /// <summary>The second tier of the unsafe output, or null for a linear-only model.</summary>
    public SecondTier? SecondTier { get; }

    /// <summary>The same model without its second tier (the first tier alone, for comparisons).</summary>
    public SafetyModel FirstTierOnly() => SecondTier is null ? this : new(BucketBits, Weights, Bias, PlattA, PlattB, FirstTierThresholds, MetadataJson, Features);

    /// <summary>The same model with another unsafe threshold (the cascade's when there is a second tier); used by the trainer.</summary>
    internal SafetyModel WithUnsafeThreshold(float threshold)
    {
        if (SecondTier is { } tier)
        {
            return WithSecondTier(tier.WithBand(tier.BandLow, tier.BandHigh, threshold));
        }

        var thresholds = (float[])FirstTierThresholds.Clone();
        thresholds[SafetyLabels.Unsafe] = threshold;
        return new(BucketBits, Weights, Bias, PlattA, PlattB, thresholds, MetadataJson, Features);
    }

    /// <summary>The same first tier with another second tier (used by the trainer).</summary>
    internal SafetyModel WithSecondTier(SecondTier? tier) => new(BucketBits, Weights, Bias, PlattA, PlattB, FirstTierThresholds, MetadataJson, Features, tier);

    /// <summary>
    /// Fewest features a text is scored as having. Each feature of a text with n features counts 1/√n, so a three-word
    /// text was scored as confidently as a paragraph; a text with fewer than this many features (about five words) is
    /// scored as if the rest were neutral (each counts 1/√<see cref="EvidenceFloor"/>), so its score moves toward the
    /// model's prior instead of resting on one or two common words whose weights came from short offensive tweets,
    /// the only short texts the model was trained on ("You said: hi" was refused as hate, issue 13). On held-out rows
    /// with under 120 features the log-loss does not change (validation 0.225 → 0.226, test 0.188 → 0.187).
    /// </summary>
    public const int EvidenceFloor = 60;

    /// <summary>The weight of each feature of a text with <paramref name="count"/> features.</summary>
    internal static float FeatureScale(int count) => count == 0 ? 0f : 1f / MathF.Sqrt(Math.Max(count, EvidenceFloor));

    /// <summary>Uncalibrated log-odds for every output of one normalised text. Allocates nothing.</summary>
    public void Logits(ReadOnlySpan<char> normalizedText, Span<float> logits)
    {
        var sink = new ScoreSink(Weights);
        NgramFeaturizer.Extract(normalizedText, BucketMask, ref sink, Features);
        Logits(sink.A0, sink.A1, sink.A2, sink.Count, logits);
    }

    /// <summary>Uncalibrated log-odds from the summed weight rows of <paramref name="count"/> features.</summary>
    internal void Logits(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, int count, Span<float> logits)
    {
        var scale = FeatureScale(count);
        Span<float> acc = stackalloc float[Stride];
        a0.CopyTo(acc);
        a1.CopyTo(acc[8..]);
        a2.CopyTo(acc[16..]);
        for (var i = 0; i < SafetyLabels.Count; i++)
        {
            logits[i] = Bias[i] + (acc[i] * scale);
        }
    }

    /// <summary>
    /// Calibrated probabilities for every output of one normalised text; the second tier, when present, re-scores
    /// the unsafe output inside its band. Allocates nothing.
    /// </summary>
    public void Probabilities(ReadOnlySpan<char> normalizedText, Span<float> probabilities)
    {
        Logits(normalizedText, probabilities);
        for (var i = 0; i < SafetyLabels.Count; i++)
        {
            probabilities[i] = Calibrate(i, probabilities[i]);
        }

        if (SecondTier is { } tier && tier.Covers(probabilities[SafetyLabels.Unsafe]))
        {
            probabilities[SafetyLabels.Unsafe] = tier.Calibrate(tier.Logit(normalizedText, BucketMask, Features));
        }
    }

    internal float Calibrate(int label, float logit) => Sigmoid((PlattA[label] * logit) + PlattB[label]);

    internal static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));

    /// <summary>
    /// Scores every view of a normalised text and keeps, per output, the highest probability. A view of more than one
    /// sentence is also scored by windows (see <see cref="WindowedScoring"/>): when a window scores higher on unsafe than
    /// the whole view, the view's scores are that window's, and <see cref="SafetyScores.Window"/> says where it is.
    /// </summary>
    public SafetyScores Score(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var views = ScoreViews(text);
        if (views.Count == 1)
        {
            return views[0];
        }

        var best = new float[SafetyLabels.Count];
        var top = views[0];
        foreach (var v in views)
        {
            for (var i = 0; i < best.Length; i++)
            {
                best[i] = Math.Max(best[i], v[i]);
            }

            if (v.Unsafe > top.Unsafe)
            {
                top = v;
            }
        }

        return new SafetyScores(best, top.View, top.Window, top.ViewIndex, top.WindowStart, top.WindowEnd);
    }

    /// <summary>
    /// Scores each view of a normalised text on its own (whole and by windows, as <see cref="Score"/> does), index-aligned
    /// with <see cref="NormalizedText.Views"/>: a decoded view's scores are exactly those of its decoded text written plainly,
    /// so the guard can decide on each view as it decides on plain text.
    /// </summary>
    public IReadOnlyList<SafetyScores> ScoreViews(NormalizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new SafetyScores[text.Views.Count];
        for (var v = 0; v < text.Views.Count; v++)
        {
            var view = text.Views[v];

            // A view whose text equals an earlier one's (a decoder that changed nothing, two decodings that agree) has
            // the same scores and window in view coordinates; only its name and its window's place in the original differ.
            var same = SameTextBefore(text.Views, v);
            float[] p;
            (int Start, int End) window;
            if (same >= 0)
            {
                p = result[same].Values.ToArray();
                window = (result[same].WindowStart, result[same].WindowEnd);
            }
            else
            {
                p = new float[SafetyLabels.Count];
                window = WindowedScoring.Score(this, view.Text, p);
            }

            result[v] = new SafetyScores(p, view.Source, OriginalWindow(view, window), v, window.Start, window.End);
        }

        return result;
    }

    private static int SameTextBefore(IReadOnlyList<TextView> views, int index)
    {
        for (var u = 0; u < index; u++)
        {
            if (string.Equals(views[u].Text, views[index].Text, StringComparison.Ordinal))
            {
                return u;
            }
        }

        return -1;
    }

    // A window's span in the original text, without the white space at its ends; null for the whole view.
    private static TextSpan? OriginalWindow(TextView view, (int Start, int End) window)
    {
        var (start, end) = window;
        if (start == 0 && end == view.Text.Length)
        {
            return null;
        }

        while (start < end && char.IsWhiteSpace(view.Text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(view.Text[end - 1]))
        {
            end--;
        }

        return view.MapToOriginal(start, end - start);
    }

    /// <summary>
    /// Explains one output: each feature's share of the log-odds is credited to the words it came from, and
    /// runs of adjacent positive words become phrases, mapped back to the original text (see <see cref="ModelExplainer"/>).
    /// </summary>
    /// <param name="text">The normalised text.</param>
    /// <param name="label">The output to explain.</param>
    /// <param name="maxPhrases">How many phrases to return.</param>
    /// <param name="scores">The text's scores when the caller already has them (they are not computed again).</param>
    public Explanation Explain(NormalizedText text, int label = SafetyLabels.Unsafe, int maxPhrases = 5, SafetyScores? scores = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ModelExplainer.Explain(this, text, label, maxPhrases, scores ?? Score(text));
    }

    /// <summary>Writes the model (gzip-compressed; weights as half-precision floats; format 2).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(BucketBits);
        w.Write(SafetyLabels.Count);
        w.Write(string.Join('\n', SafetyLabels.Names));
        w.Write(MetadataJson);
        w.Write((int)Features);
        foreach (var array in new[] { Bias, PlattA, PlattB, FirstTierThresholds })
        {
            for (var i = 0; i < SafetyLabels.Count; i++)
            {
                w.Write(array[i]);
            }
        }

        // Label-major so runs of near-zero weights compress well.
        var buckets = 1 << BucketBits;
        var column = new Half[buckets];
        for (var label = 0; label < SafetyLabels.Count; label++)
        {
            for (var b = 0; b < buckets; b++)
            {
                column[b] = (Half)Math.Clamp(Weights[(b * Stride) + label], -60000f, 60000f);
            }

            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
        }

        w.Write(SecondTier is not null);
        SecondTier?.Write(w);
    }

    /// <summary>Fills <paramref name="destination"/> with little-endian halves read in bulk (much faster than one at a time).</summary>
    internal static void ReadHalves(BinaryReader r, Span<Half> destination)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination);
        r.BaseStream.ReadExactly(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            var raw = System.Runtime.InteropServices.MemoryMarshal.Cast<Half, ushort>(destination);
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(raw, raw);
        }
    }

    private const string NotAModel = "not an AlignLab classifier model file (train one with 'alignlab train classifier')";

    /// <summary>Reads a model written by <see cref="Save"/> (format 1 or 2); throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static SafetyModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var buffered = new BufferedStream(gzip, 1 << 16);
        using var r = new BinaryReader(buffered, Encoding.UTF8, leaveOpen: true);
        try
        {
            uint magic;
            try
            {
                magic = r.ReadUInt32();
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                // Not gzip at all (a text file, say): the decompressor's own message names a compression method.
                throw new InvalidDataException(NotAModel, ex);
            }

            if (magic != Magic)
            {
                throw new InvalidDataException(NotAModel);
            }

            var version = r.ReadInt32();
            if (version is < 1 or > FormatVersion)
            {
                throw new InvalidDataException($"model format {version} is not supported (expected 1 to {FormatVersion})");
            }

            var bits = r.ReadInt32();
            var labels = r.ReadInt32();
            var names = r.ReadString();
            if (bits is < 10 or > 24 || labels != SafetyLabels.Count || names != string.Join('\n', SafetyLabels.Names))
            {
                throw new InvalidDataException("the model's outputs do not match this version's harm taxonomy");
            }

            var metadata = r.ReadString();
            var features = version == 1 ? FeatureSet.Basic : (FeatureSet)r.ReadInt32();
            if ((features & ~FeatureSet.All) != 0)
            {
                throw new InvalidDataException("the model uses features this version does not know");
            }

            var arrays = new float[4][];
            for (var a = 0; a < 4; a++)
            {
                arrays[a] = new float[Stride];
                for (var i = 0; i < labels; i++)
                {
                    arrays[a][i] = r.ReadSingle();
                }
            }

            var buckets = 1 << bits;
            var weights = new float[buckets * Stride];
            var column = new Half[buckets];
            for (var label = 0; label < labels; label++)
            {
                ReadHalves(r, column);
                for (var b = 0; b < buckets; b++)
                {
                    weights[(b * Stride) + label] = (float)column[b];
                }
            }

            var tier = version >= 2 && r.ReadBoolean() ? SecondTier.Read(r, buckets) : null;

            for (var a = 0; a < 4; a++)
            {
                if (arrays[a].Any(x => !float.IsFinite(x)))
                {
                    throw new InvalidDataException("the model file holds a non-finite calibration value");
                }
            }

            return new SafetyModel(bits, weights, arrays[0], arrays[1], arrays[2], arrays[3], metadata, features, tier);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("the model file is truncated", ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("the model file is corrupt", ex);
        }
    }
}
