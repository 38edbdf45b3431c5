using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>
/// Bit sets over the positions of a text (bit <c>i % 64</c> of word <c>i / 64</c> stands for character i), built
/// with SIMD so that the scanners only look at the few places that can matter.
/// </summary>
internal static class BitMask
{
    /// <summary>Number of 64-bit words needed for <paramref name="length"/> positions.</summary>
    public static int WordCount(int length) => (length + 63) >> 6;

    /// <summary>Sets bit i of <paramref name="bits"/> when <c>text[i]</c> is in <typeparamref name="TClass"/>.</summary>
    public static void Build<TClass>(ReadOnlySpan<char> text, Span<ulong> bits)
        where TClass : struct, ICharClass
    {
        bits.Clear();
        var n = text.Length;
        ref var src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                var m = (ulong)TClass.Contains(v).ExtractMostSignificantBits();
                Or(bits, i, m);
            }
        }

        for (; i + 8 <= n; i += 8)
        {
            var v = Vector128.LoadUnsafe(ref src, (nuint)i);
            var m = (ulong)TClass.Contains(v).ExtractMostSignificantBits();
            Or(bits, i, m);
        }

        for (; i < n; i++)
        {
            if (TClass.Contains(text[i]))
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>Ors a chunk of 8 or 16 bits in at <paramref name="position"/> (a multiple of the chunk size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Or(Span<ulong> bits, int position, ulong chunk)
        => bits[position >> 6] |= chunk << (position & 63);

    /// <summary>True when bit <paramref name="position"/> is set (false outside the set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ReadOnlySpan<ulong> bits, int position)
        => position >= 0 && (position >> 6) < bits.Length && (bits[position >> 6] & (1UL << (position & 63))) != 0;

    /// <summary>Word <paramref name="word"/> of the set shifted towards lower positions by <paramref name="shift"/> (1–63): bit j is position <c>64*word + j + shift</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ahead(ReadOnlySpan<ulong> bits, int word, int shift)
    {
        var next = word + 1 < bits.Length ? bits[word + 1] : 0;
        return (bits[word] >> shift) | (next << (64 - shift));
    }

    /// <summary>Word <paramref name="word"/> of the set shifted towards higher positions by one: bit j is position <c>64*word + j - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Behind1(ReadOnlySpan<ulong> bits, int word)
    {
        var previous = word > 0 ? bits[word - 1] : 0;
        return (bits[word] << 1) | (previous >> 63);
    }

    /// <summary>
    /// Replaces <paramref name="bits"/> by the set of positions that start a run of at least
    /// <paramref name="length"/> (1–64) consecutive set positions.
    /// </summary>
    public static void RunStarts(Span<ulong> bits, int length)
    {
        // Doubling: after each step bit i means "positions i .. i+covered-1 are all set".
        var covered = 1;
        while (covered < length)
        {
            var step = Math.Min(covered, length - covered);
            for (var w = 0; w < bits.Length; w++)
            {
                bits[w] &= Ahead(bits, w, step);
            }

            covered += step;
        }
    }

    /// <summary>Index of the lowest set position at or after <paramref name="from"/>, or -1.</summary>
    public static int Next(ReadOnlySpan<ulong> bits, int from)
    {
        if (from < 0)
        {
            from = 0;
        }

        var w = from >> 6;
        if (w >= bits.Length)
        {
            return -1;
        }

        var word = bits[w] & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++w >= bits.Length)
            {
                return -1;
            }

            word = bits[w];
        }

        return (w << 6) + BitOperations.TrailingZeroCount(word);
    }

    /// <summary>Index of the lowest clear position at or after <paramref name="from"/> (at most <paramref name="length"/>).</summary>
    public static int NextClear(ReadOnlySpan<ulong> bits, int from, int length)
    {
        var w = from >> 6;
        if (from >= length || w >= bits.Length)
        {
            return length;
        }

        var word = ~bits[w] & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++w >= bits.Length)
            {
                return length;
            }

            word = ~bits[w];
        }

        return Math.Min(length, (w << 6) + BitOperations.TrailingZeroCount(word));
    }

    /// <summary>True when some position in <c>[start, end)</c> is set.</summary>
    public static bool AnyInRange(ReadOnlySpan<ulong> bits, int start, int end)
    {
        var p = Next(bits, start);
        return p >= 0 && p < end;
    }
}
