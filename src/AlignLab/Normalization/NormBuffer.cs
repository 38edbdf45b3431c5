using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace AlignLab.Normalization;

/// <summary>
/// The working text of one view: pooled characters plus, for each character, the original range
/// <c>[Starts[i], Ends[i])</c> that produced it. While every character i maps to exactly <c>[i, i+1)</c>
/// the maps are not allocated (identity). All arrays are pooled; <see cref="BuildMap"/> compresses the maps into an
/// <see cref="OffsetMap"/> at the end.
/// Invariant: starts and ends are non-decreasing and <c>Starts[i] &lt; Ends[i]</c>.
/// </summary>
internal sealed class NormBuffer : IDisposable
{
    private char[] _chars;

    public NormBuffer(int capacity)
    {
        _chars = ArrayPool<char>.Shared.Rent(Math.Max(16, capacity));
    }

    public char[] Chars => _chars;

    public int Length { get; set; }

    public int[]? Starts { get; private set; }

    public int[]? Ends { get; private set; }

    public bool IsIdentity => Starts is null;

    public Span<char> Span => _chars.AsSpan(0, Length);

    public int StartOf(int index) => Starts is null ? index : Starts[index];

    public int EndOf(int index) => Ends is null ? index + 1 : Ends[index];

    public void EnsureCapacity(int needed)
    {
        if (needed <= _chars.Length)
        {
            return;
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_chars.Length * 2));
        var bigger = ArrayPool<char>.Shared.Rent(size);
        _chars.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = bigger;
        if (Starts is not null && Ends is not null)
        {
            Starts = Grow(Starts, Length, _chars.Length);
            Ends = Grow(Ends, Length, _chars.Length);
        }
    }

    /// <summary>Allocates the maps and fills them with the identity for the characters written so far.</summary>
    public void MaterializeMaps()
    {
        if (Starts is not null)
        {
            return;
        }

        Starts = ArrayPool<int>.Shared.Rent(_chars.Length);
        Ends = ArrayPool<int>.Shared.Rent(_chars.Length);
        FillIdentity(0, 0, Length);
    }

    /// <summary>The compressed map, or null when every character maps to itself.</summary>
    public OffsetMap? BuildMap()
        => Starts is null || Ends is null ? null : OffsetMap.Build(Starts.AsSpan(0, Length), Ends.AsSpan(0, Length));

    /// <summary>Appends lower-cased ASCII characters that came from <c>[origStart, origStart + source.Length)</c>.</summary>
    public void AppendAsciiLower(ReadOnlySpan<char> source, int origStart)
    {
        EnsureCapacity(Length + source.Length);
        Ascii.ToLower(source, _chars.AsSpan(Length), out _);
        if (Starts is null && Length != origStart)
        {
            MaterializeMaps();
        }

        if (Starts is not null)
        {
            FillIdentity(Length, origStart, source.Length);
        }

        Length += source.Length;
    }

    /// <summary>Sets output characters <c>[at, at + count)</c> to map to <c>[orig + k, orig + k + 1)</c>.</summary>
    private void FillIdentity(int at, int orig, int count)
    {
        var starts = Starts.AsSpan(at, count);
        var ends = Ends.AsSpan(at, count);
        var k = 0;
        if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            var step = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) + Vector256.Create(orig);
            ref var s = ref MemoryMarshal.GetReference(starts);
            ref var e = ref MemoryMarshal.GetReference(ends);
            for (; k + 8 <= count; k += 8)
            {
                step.StoreUnsafe(ref s, (nuint)k);
                (step + Vector256<int>.One).StoreUnsafe(ref e, (nuint)k);
                step += Vector256.Create(8);
            }
        }

        for (; k < count; k++)
        {
            starts[k] = orig + k;
            ends[k] = orig + k + 1;
        }
    }

    private static int[] Grow(int[] array, int used, int size)
    {
        var bigger = ArrayPool<int>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<int>.Shared.Return(array);
        return bigger;
    }

    /// <summary>Appends one character produced by the original range <c>[origStart, origEnd)</c>.</summary>
    public void Append(char c, int origStart, int origEnd)
    {
        if (Length == _chars.Length)
        {
            EnsureCapacity(Length + 1);
        }

        if (Starts is null)
        {
            if (origStart == Length && origEnd == origStart + 1)
            {
                _chars[Length++] = c;
                return;
            }

            MaterializeMaps();
        }

        _chars[Length] = c;
        Starts![Length] = origStart;
        Ends![Length] = origEnd;
        Length++;
    }

    /// <summary>Extends the last character's original range to <paramref name="origEnd"/> (a dropped combining mark).</summary>
    public void ExtendLast(int origEnd)
    {
        if (Length == 0)
        {
            return;
        }

        MaterializeMaps();
        if (Ends![Length - 1] < origEnd)
        {
            Ends[Length - 1] = origEnd;
        }
    }

    /// <summary>Moves character <paramref name="from"/> (and its map) to <paramref name="to"/>, with <c>to &lt;= from</c>.</summary>
    public void MoveChar(int from, int to)
    {
        _chars[to] = _chars[from];
        if (Starts is not null && Ends is not null)
        {
            Starts[to] = Starts[from];
            Ends[to] = Ends[from];
        }
    }

    /// <summary>Moves a block of characters (and maps) to a lower index.</summary>
    public void MoveBlock(int from, int to, int count)
    {
        if (from == to || count <= 0)
        {
            return;
        }

        Array.Copy(_chars, from, _chars, to, count);
        if (Starts is not null && Ends is not null)
        {
            Array.Copy(Starts, from, Starts, to, count);
            Array.Copy(Ends, from, Ends, to, count);
        }
    }

    /// <summary>The original span covered by output characters <c>[start, end)</c>.</summary>
    public TextSpan OriginalSpan(int start, int end) => TextSpan.FromBounds(StartOf(start), EndOf(end - 1));

    public override string ToString() => new(_chars, 0, Length);

    public void Dispose()
    {
        var chars = _chars;
        _chars = [];
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        if (Starts is not null)
        {
            ArrayPool<int>.Shared.Return(Starts);
            Starts = null;
        }

        if (Ends is not null)
        {
            ArrayPool<int>.Shared.Return(Ends);
            Ends = null;
        }
    }
}
