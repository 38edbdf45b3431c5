using System.Numerics;
using System.Runtime.CompilerServices;

namespace AlignLab.Classification;

/// <summary>A fast hash that is the same on every machine and run (unlike <see cref="string.GetHashCode()"/>), for feature hashing.</summary>
internal static class StableHash
{
    private const uint Prime1 = 2654435761u;
    private const uint Prime2 = 2246822519u;
    private const uint Prime3 = 3266489917u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Start(uint seed) => seed * Prime3 + 374761393u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint h, uint value) => BitOperations.RotateLeft(h + (value * Prime3), 17) * Prime1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(uint h)
    {
        h ^= h >> 15;
        h *= Prime2;
        h ^= h >> 13;
        h *= Prime3;
        h ^= h >> 16;
        return h;
    }

    public static uint Of(ReadOnlySpan<char> text, uint seed)
    {
        var h = Start(seed);
        foreach (var c in text)
        {
            h = Add(h, c);
        }

        return Finish(h);
    }
}
