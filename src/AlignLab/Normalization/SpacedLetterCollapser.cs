using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>
/// Step 6: joins letters written apart ("h.a.c.k", "h a c k", "b-o-m-b").
/// </summary>
/// <remarks>
/// Rule: a run is at least three <em>units</em> separated by one and the same single separator character
/// (space, '.', '-', '_', '*' or '/'). A unit is a single ASCII letter or a leet digit (0 1 3 4 5 7 8) that stands
/// alone: the characters just before and after it are not letters or digits (other than the separator).
/// The run must start and end with a letter and hold at least three letters, so "1 2 3", "3.1.4", "5 x 5" or
/// "2 x 4 x 10" stay as they are. The separators are
/// dropped and the units kept, e.g. "u.s.a." becomes "usa.". Ordinary prose is unaffected because it never
/// has three single-letter words in a row ("I am a boy" has no two adjacent single letters). The units'
/// original maps are kept, so the joined word maps to the whole spaced-out original.
/// </remarks>
internal static class SpacedLetterCollapser
{
    public static void Run(NormBuffer buffer, string original, EventCollector events)
    {
        var n = buffer.Length;
        if (n < 5)
        {
            return;
        }

        var words = BitMask.WordCount(n);
        ulong[]? rented = null;
        var candidates = words <= 256 ? stackalloc ulong[words] : (rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
        try
        {
            FindCandidates(buffer.Chars.AsSpan(0, n), candidates);
            Collapse(buffer, original, events, candidates);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Marks separators p with <c>c[p] == c[p+2]</c> and a unit at p+1: the only places a run can start.</summary>
    private static void FindCandidates(ReadOnlySpan<char> c, Span<ulong> bits)
    {
        bits.Clear();
        var n = c.Length;
        ref var src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(c));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 18 <= n; i += 16)
            {
                var v0 = Vector256.LoadUnsafe(ref src, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref src, (nuint)(i + 1));
                var v2 = Vector256.LoadUnsafe(ref src, (nuint)(i + 2));
                var m = Vector256.Equals(v0, v2) & IsSeparator(v0) & IsUnit(v1);
                BitMask.Or(bits, i, m.ExtractMostSignificantBits());
            }
        }

        for (; i + 10 <= n; i += 8)
        {
            var v0 = Vector128.LoadUnsafe(ref src, (nuint)i);
            var v1 = Vector128.LoadUnsafe(ref src, (nuint)(i + 1));
            var v2 = Vector128.LoadUnsafe(ref src, (nuint)(i + 2));
            var m = Vector128.Equals(v0, v2) & IsSeparator(v0) & IsUnit(v1);
            BitMask.Or(bits, i, m.ExtractMostSignificantBits());
        }

        for (; i + 2 < n; i++)
        {
            if (c[i] == c[i + 2] && c[i] is ' ' or '.' or '-' or '_' or '*' or '/' && IsUnit(c[i + 1]))
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    private static Vector256<ushort> IsSeparator(Vector256<ushort> v)
        => Vector256.Equals(v, Vector256.Create((ushort)' ')) | Vector256.Equals(v, Vector256.Create((ushort)'.'))
            | Vector256.Equals(v, Vector256.Create((ushort)'-')) | Vector256.Equals(v, Vector256.Create((ushort)'_'))
            | Vector256.Equals(v, Vector256.Create((ushort)'*')) | Vector256.Equals(v, Vector256.Create((ushort)'/'));

    private static Vector128<ushort> IsSeparator(Vector128<ushort> v)
        => Vector128.Equals(v, Vector128.Create((ushort)' ')) | Vector128.Equals(v, Vector128.Create((ushort)'.'))
            | Vector128.Equals(v, Vector128.Create((ushort)'-')) | Vector128.Equals(v, Vector128.Create((ushort)'_'))
            | Vector128.Equals(v, Vector128.Create((ushort)'*')) | Vector128.Equals(v, Vector128.Create((ushort)'/'));

    // Units: a–z and the leet digits 0 1 3 4 5 7 8.
    private static Vector256<ushort> IsUnit(Vector256<ushort> v)
        => Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'a'), Vector256.Create((ushort)25))
            | (Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'0'), Vector256.Create((ushort)8))
               & ~Vector256.Equals(v, Vector256.Create((ushort)'2')) & ~Vector256.Equals(v, Vector256.Create((ushort)'6')));

    private static Vector128<ushort> IsUnit(Vector128<ushort> v)
        => Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'a'), Vector128.Create((ushort)25))
            | (Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'0'), Vector128.Create((ushort)8))
               & ~Vector128.Equals(v, Vector128.Create((ushort)'2')) & ~Vector128.Equals(v, Vector128.Create((ushort)'6')));

    /// <summary>True when some candidate starts a run that would be joined (no change is made).</summary>
    public static bool HasRun(ReadOnlySpan<char> chars, ReadOnlySpan<ulong> candidates)
    {
        for (var p = BitMask.Next(candidates, 1); p >= 0; p = BitMask.Next(candidates, p + 1))
        {
            if (TryRunAt(chars, p, out _, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks for a run whose first separator is at <paramref name="p"/>: returns its first and last unit.
    /// Only characters at and after <c>p - 2</c> are read.
    /// </summary>
    private static bool TryRunAt(ReadOnlySpan<char> chars, int p, out int first, out int last)
    {
        var n = chars.Length;
        first = p - 1;
        last = first;
        if (p < 1 || p + 3 >= n)
        {
            return false;
        }

        var sep = chars[p];
        if (!IsLetter(chars[first]) || (first > 0 && char.IsLetterOrDigit(chars[first - 1])))
        {
            return false;
        }

        // Extend the run: unit sep unit sep unit …
        var units = 1;
        var letters = 1;
        while (last + 2 < n && chars[last + 1] == sep && IsUnit(chars[last + 2])
               && (last + 3 >= n || !char.IsLetterOrDigit(chars[last + 3])))
        {
            last += 2;
            units++;
            if (IsLetter(chars[last]))
            {
                letters++;
            }
        }

        // Digits may stand for letters inside the run (h 4 c k) but the run starts and ends with a letter
        // and has at least three letters, so arithmetic such as "2 x 4 x 10" or "4 x 4" stays.
        while (last > first && !IsLetter(chars[last]))
        {
            last -= 2;
            units--;
        }

        return units >= 3 && letters >= 3;
    }

    private static void Collapse(NormBuffer buffer, string original, EventCollector events, ReadOnlySpan<ulong> candidates)
    {
        var chars = buffer.Chars;
        var n = buffer.Length;
        var read = 0;
        var write = 0;
        for (var p = BitMask.Next(candidates, 1); p >= 0; p = BitMask.Next(candidates, p + 1))
        {
            // The first unit (p - 1) must not belong to a run already joined; TryRunAt reads from p - 2 on,
            // which compaction has not overwritten (writes stay at least two places behind reads).
            if (p < read + 1 || !TryRunAt(chars.AsSpan(0, n), p, out var first, out var last))
            {
                continue;
            }

            buffer.MaterializeMaps();
            var origSpan = buffer.OriginalSpan(first, last + 1);

            // Copy the untouched text before the run, then the units without their separators.
            buffer.MoveBlock(read, write, first - read);
            write += first - read;
            var joinedStart = write;
            for (var k = first; k <= last; k += 2)
            {
                buffer.MoveChar(k, write++);
            }

            var detail = $"{EventCollector.Quote(original.AsSpan(origSpan.Start, origSpan.Length))} -> {EventCollector.Quote(chars.AsSpan(joinedStart, write - joinedStart))}";
            events.Add(TransformKind.SpacedLetters, origSpan.Start, origSpan.End, detail);
            read = last + 1;
        }

        if (read == 0)
        {
            return;
        }

        buffer.MoveBlock(read, write, n - read);
        buffer.Length = write + (n - read);
    }

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z';

    private static bool IsUnit(char c) => c is (>= 'a' and <= 'z') or '0' or '1' or '3' or '4' or '5' or '7' or '8';
}
