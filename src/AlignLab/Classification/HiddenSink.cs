using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Classification;

/// <summary>Adds each feature's embedding row (<see cref="SecondTier.HiddenUnits"/> floats) into two vector accumulators.</summary>
internal struct HiddenSink(float[] embedding) : IFeatureSink
{
    public Vector256<float> H0;
    public Vector256<float> H1;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket, int start, int length)
    {
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(embedding), bucket * SecondTier.HiddenUnits);
        H0 += Vector256.LoadUnsafe(ref row);
        H1 += Vector256.LoadUnsafe(ref row, 8);
        Count++;
    }
}
