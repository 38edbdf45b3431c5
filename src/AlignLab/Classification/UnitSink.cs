using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Classification;

/// <summary>
/// Adds each feature's weight row twice: into whole-text accumulators, in the same order as <see cref="ScoreSink"/> (so
/// the whole text scores bit for bit as before), and into the sums of the unit it lies in (see <see cref="ScoringUnits"/>),
/// or, when it runs past the end of the unit it starts in, into that unit's "across" sums. Features arrive mostly in
/// text order, so the current unit's sums are kept in registers and flushed when the unit changes.
/// </summary>
internal struct UnitSink : IFeatureSink
{
    public Vector256<float> A0;
    public Vector256<float> A1;
    public Vector256<float> A2;
    public int Count;

    private readonly float[] _weights;
    private readonly int[] _ends;
    private readonly int _units;
    private readonly float[] _sums;
    private readonly int[] _counts;
    private Vector256<float> _u0;
    private Vector256<float> _u1;
    private Vector256<float> _u2;
    private int _unitCount;
    private int _unit;
    private int _unitStart;
    private int _unitEnd;

    /// <param name="weights">The linear tier's weight rows.</param>
    /// <param name="ends">Unit ends (see <see cref="ScoringUnits.Split"/>).</param>
    /// <param name="units">How many units.</param>
    /// <param name="sums">
    /// Zeroed, at least <c>2 × units × Stride</c> floats: the sums of each unit's own features, then those of the
    /// features that start in unit u and end after it (counted in the window of u and u + 1, and in the whole text).
    /// </param>
    /// <param name="counts">Zeroed, at least <c>2 × units</c> entries, laid out like <paramref name="sums"/>.</param>
    public UnitSink(float[] weights, int[] ends, int units, float[] sums, int[] counts)
    {
        _weights = weights;
        _ends = ends;
        _units = units;
        _sums = sums;
        _counts = counts;
        _unitEnd = ends[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket, int start, int length)
    {
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), bucket * SafetyModel.Stride);
        var r0 = Vector256.LoadUnsafe(ref row);
        var r1 = Vector256.LoadUnsafe(ref row, 8);
        var r2 = Vector256.LoadUnsafe(ref row, 16);
        A0 += r0;
        A1 += r1;
        A2 += r2;
        Count++;
        if (start < _unitStart || start >= _unitEnd)
        {
            Seek(start);
        }

        if (start + length > _unitEnd)
        {
            // A feature across the end of its unit (a bigram, a cross-word gram) belongs to the pair of units, not to either alone.
            AddAcross(r0, r1, r2);
            return;
        }

        _u0 += r0;
        _u1 += r1;
        _u2 += r2;
        _unitCount++;
    }

    /// <summary>Adds the current unit's registers into its sums; call once after extraction.</summary>
    public void Flush()
    {
        if (_unitCount == 0)
        {
            return;
        }

        Accumulate((nuint)(_unit * SafetyModel.Stride), _u0, _u1, _u2);
        _counts[_unit] += _unitCount;
        _u0 = _u1 = _u2 = Vector256<float>.Zero;
        _unitCount = 0;
    }

    private readonly void AddAcross(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2)
    {
        Accumulate((nuint)((_units + _unit) * SafetyModel.Stride), r0, r1, r2);
        _counts[_units + _unit]++;
    }

    private readonly void Accumulate(nuint offset, Vector256<float> r0, Vector256<float> r1, Vector256<float> r2)
    {
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_sums);
        (Vector256.LoadUnsafe(ref sums, offset) + r0).StoreUnsafe(ref sums, offset);
        (Vector256.LoadUnsafe(ref sums, offset + 8) + r1).StoreUnsafe(ref sums, offset + 8);
        (Vector256.LoadUnsafe(ref sums, offset + 16) + r2).StoreUnsafe(ref sums, offset + 16);
    }

    private void Seek(int position)
    {
        Flush();
        int lo = 0, hi = _units - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_ends[mid] <= position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        _unit = lo;
        _unitStart = lo == 0 ? 0 : _ends[lo - 1];
        _unitEnd = _ends[lo];
    }
}
