using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AlignLab.Classification;

/// <summary>
/// The features of one text, hashed once and kept (bucket, start, length) in extraction order, so that every consumer
/// (the linear tier's whole-text and unit sums, the second tier) reads the same list instead of hashing the text again.
/// Replaying adds the same rows in the same order as extracting into the consumer directly, so sums are bit for bit the
/// same. It also lets the weight rows be read in a tight loop whose loads do not wait on hashing: for a short prompt most
/// of the classifier's time is waiting for rows of a 24 MB table that the rest of a gateway's work has pushed out of the
/// caches, and a loop of loads alone keeps many of them in flight at once. One buffer per thread.
/// </summary>
internal sealed class FeatureBuffer
{
    /// <summary>Longest text (in characters) whose features are buffered; longer ones are extracted per consumer, as before.</summary>
    /// <remarks>
    /// A text gives at most about three features per character (a word of L characters gives 2L − 1 character n-grams
    /// and up to three word n-grams, and uses L + 1 characters; cross-word 5-grams add at most one per character), so
    /// this text fills at most about 12,300 entries and the buffer, once grown, is kept.
    /// </remarks>
    public const int MaxText = 4_096;

    // A buffer grown past this many features is not kept for the next call (cannot happen within MaxText; a safeguard).
    private const int KeepCapacity = 1 << 15;

    [ThreadStatic]
    private static FeatureBuffer? t_buffer;

    private int[] _buckets = new int[512];
    private int[] _starts = new int[512];
    private int[] _lengths = new int[512];

    /// <summary>How many features are held.</summary>
    public int Count { get; private set; }

    /// <summary>This thread's buffer, holding the features of <paramref name="text"/>.</summary>
    public static FeatureBuffer Of(ReadOnlySpan<char> text, int bucketMask, FeatureSet features)
    {
        var buffer = t_buffer ??= new FeatureBuffer();
        if (buffer._buckets.Length > KeepCapacity)
        {
            buffer = t_buffer = new FeatureBuffer();
        }

        buffer.Count = 0;
        var recorder = new Recorder(buffer);
        NgramFeaturizer.Extract(text, bucketMask, ref recorder, features);
        return buffer;
    }

    /// <summary>Adds every feature to <paramref name="sink"/>, in extraction order.</summary>
    public void Replay<TSink>(ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        ref var bucket = ref MemoryMarshal.GetArrayDataReference(_buckets);
        ref var start = ref MemoryMarshal.GetArrayDataReference(_starts);
        ref var length = ref MemoryMarshal.GetArrayDataReference(_lengths);
        for (var i = 0; i < Count; i++)
        {
            sink.Add(Unsafe.Add(ref bucket, i), Unsafe.Add(ref start, i), Unsafe.Add(ref length, i));
        }
    }

    private void Grow()
    {
        var size = _buckets.Length * 2;
        Array.Resize(ref _buckets, size);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
    }

    private readonly struct Recorder(FeatureBuffer buffer) : IFeatureSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int bucket, int start, int length)
        {
            var i = buffer.Count;
            if (i == buffer._buckets.Length)
            {
                buffer.Grow();
            }

            buffer._buckets[i] = bucket;
            buffer._starts[i] = start;
            buffer._lengths[i] = length;
            buffer.Count = i + 1;
        }
    }
}
