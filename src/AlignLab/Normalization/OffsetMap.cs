using System.Buffers;
using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>
/// Compact, immutable map from the characters of a normalised text to ranges of the original input.
/// The text is cut into segments; in an <em>identity</em> segment character <c>SegOut[k] + d</c> maps to
/// <c>[SegStart[k] + d, SegStart[k] + d + 1)</c>, in any other segment every character maps to
/// <c>[SegStart[k], SegEnd[k])</c>. Runs of unchanged characters therefore cost one segment, which keeps maps of
/// large, mostly ordinary texts small. Lookups are a binary search.
/// </summary>
internal sealed class OffsetMap
{
    private const int Identity = -1;

    private readonly int[] _segOut;
    private readonly int[] _segStart;
    private readonly int[] _segEnd;
    private readonly int _count;

    private OffsetMap(int[] segOut, int[] segStart, int[] segEnd, int count)
    {
        _segOut = segOut;
        _segStart = segStart;
        _segEnd = segEnd;
        _count = count;
    }

    /// <summary>Number of segments (for tests and diagnostics).</summary>
    public int SegmentCount => _count;

    /// <summary>Compresses per-character ranges (non-decreasing, each non-empty) into segments.</summary>
    public static OffsetMap Build(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        var n = starts.Length;
        var capacity = Math.Max(1, n);
        var tmpOut = ArrayPool<int>.Shared.Rent(capacity);
        var tmpStart = ArrayPool<int>.Shared.Rent(capacity);
        var tmpEnd = ArrayPool<int>.Shared.Rent(capacity);
        try
        {
            var count = 0;
            for (var i = 0; i < n;)
            {
                var identity = StartsIdentityRun(starts, ends, i);
                var next = identity ? IdentityRunEnd(starts, ends, i) : SameRangeEnd(starts, ends, i);
                tmpOut[count] = i;
                tmpStart[count] = starts[i];
                tmpEnd[count] = identity ? Identity : ends[i];
                count++;
                i = next;
            }

            return new OffsetMap(tmpOut.AsSpan(0, count).ToArray(), tmpStart.AsSpan(0, count).ToArray(), tmpEnd.AsSpan(0, count).ToArray(), count);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(tmpOut);
            ArrayPool<int>.Shared.Return(tmpStart);
            ArrayPool<int>.Shared.Return(tmpEnd);
        }
    }

    /// <summary>The original range of output character <paramref name="index"/>.</summary>
    public (int Start, int End) CharRange(int index)
    {
        var k = Find(index);
        if (_segEnd[k] == Identity)
        {
            var s = _segStart[k] + (index - _segOut[k]);
            return (s, s + 1);
        }

        return (_segStart[k], _segEnd[k]);
    }

    private int Find(int index)
    {
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_segOut[mid] <= index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    // End of the identity run starting at i: unit ranges at consecutive original positions (SIMD, 8 at a time).
    private static int IdentityRunEnd(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int i)
    {
        var n = starts.Length;
        var j = i + 1;
        if (Vector256.IsHardwareAccelerated)
        {
            while (j + 8 <= n)
            {
                var s = Vector256.Create(starts.Slice(j, 8));
                var previous = Vector256.Create(starts.Slice(j - 1, 8));
                var e = Vector256.Create(ends.Slice(j, 8));
                if (!Vector256.EqualsAll(s - previous, Vector256<int>.One) || !Vector256.EqualsAll(e - s, Vector256<int>.One))
                {
                    break;
                }

                j += 8;
            }
        }

        while (j < n && IsUnit(starts, ends, j) && starts[j] == starts[j - 1] + 1)
        {
            j++;
        }

        return j;
    }

    // End of the run of characters sharing the range of character i (an expansion such as a ligature).
    private static int SameRangeEnd(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int i)
    {
        var j = i + 1;
        while (j < starts.Length && starts[j] == starts[i] && ends[j] == ends[i])
        {
            j++;
        }

        return j;
    }

    private static bool IsUnit(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int i) => ends[i] == starts[i] + 1;

    private static bool StartsIdentityRun(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int i)
        => i + 1 < starts.Length && IsUnit(starts, ends, i) && IsUnit(starts, ends, i + 1) && starts[i + 1] == starts[i] + 1;
}
