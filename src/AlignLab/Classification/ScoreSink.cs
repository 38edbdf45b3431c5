using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Classification;

/// <summary>Adds each feature's weight row (24 floats: every label, padded) into three vector accumulators.</summary>
internal struct ScoreSink(float[] weights) : IFeatureSink
{
    public Vector256<float> A0;
    public Vector256<float> A1;
    public Vector256<float> A2;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket, int start, int length)
    {
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights), bucket * SafetyModel.Stride);
        A0 += Vector256.LoadUnsafe(ref row);
        A1 += Vector256.LoadUnsafe(ref row, 8);
        A2 += Vector256.LoadUnsafe(ref row, 16);
        Count++;
    }
}
