using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>
/// All position masks the scanners need, computed in one SIMD pass over ASCII bytes (32 positions per step):
/// letters (a–z after lower-casing), the base64 alphabet, hex digits, upper-case letters or digits, and
/// spaced-letter candidates (a separator p with <c>lower(c[p+2]) == c[p]</c> and a unit at p+1 after lower-casing).
/// </summary>
internal static class AsciiMasks
{
    public static void Build(ReadOnlySpan<byte> b, Span<ulong> letters, Span<ulong> alphabet, Span<ulong> hex, Span<ulong> upperOrDigit, Span<ulong> spaced)
    {
        upperOrDigit.Clear();
        letters.Clear();
        alphabet.Clear();
        hex.Clear();
        spaced.Clear();
        var n = b.Length;
        ref var src = ref MemoryMarshal.GetReference(b);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 34 <= n; i += 32)
            {
                var raw = Vector256.LoadUnsafe(ref src, (nuint)i);
                var upper = Vector256.LessThanOrEqual(raw - Vector256.Create((byte)'A'), Vector256.Create((byte)25));
                var toLower = upper & Vector256.Create((byte)0x20);
                var v0 = raw | toLower;
                var v1 = Lower(Vector256.LoadUnsafe(ref src, (nuint)(i + 1)));
                var v2 = Lower(Vector256.LoadUnsafe(ref src, (nuint)(i + 2)));
                var letter = Vector256.LessThanOrEqual(v0 - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
                var digit = Vector256.LessThanOrEqual(v0 - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
                var hexLetter = Vector256.LessThanOrEqual(v0 - Vector256.Create((byte)'a'), Vector256.Create((byte)5));
                var dash = Vector256.Equals(v0, Vector256.Create((byte)'-'));
                var underscore = Vector256.Equals(v0, Vector256.Create((byte)'_'));
                var slash = Vector256.Equals(v0, Vector256.Create((byte)'/'));
                var alpha = letter | digit | dash | underscore | slash | Vector256.Equals(v0, Vector256.Create((byte)'+'));
                var sep = Vector256.Equals(v0, Vector256.Create((byte)' ')) | Vector256.Equals(v0, Vector256.Create((byte)'.'))
                    | dash | underscore | slash | Vector256.Equals(v0, Vector256.Create((byte)'*'));
                var unit = Vector256.LessThanOrEqual(v1 - Vector256.Create((byte)'a'), Vector256.Create((byte)25))
                    | (Vector256.LessThanOrEqual(v1 - Vector256.Create((byte)'0'), Vector256.Create((byte)8))
                       & ~Vector256.Equals(v1, Vector256.Create((byte)'2')) & ~Vector256.Equals(v1, Vector256.Create((byte)'6')));
                var shift = i & 63;
                letters[i >> 6] |= (ulong)letter.ExtractMostSignificantBits() << shift;
                alphabet[i >> 6] |= (ulong)alpha.ExtractMostSignificantBits() << shift;
                hex[i >> 6] |= (ulong)(digit | hexLetter).ExtractMostSignificantBits() << shift;
                upperOrDigit[i >> 6] |= (ulong)(upper | digit).ExtractMostSignificantBits() << shift;
                spaced[i >> 6] |= (ulong)(Vector256.Equals(v0, v2) & sep & unit).ExtractMostSignificantBits() << shift;
            }
        }

        for (; i < n; i++)
        {
            var c = (char)b[i];
            if (char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
            {
                upperOrDigit[i >> 6] |= 1UL << (i & 63);
            }

            c = char.ToLowerInvariant(c);
            var bit = 1UL << (i & 63);
            var w = i >> 6;
            if (char.IsAsciiLetterLower(c))
            {
                letters[w] |= bit;
            }

            if (Base64CharClass.Contains(c))
            {
                alphabet[w] |= bit;
            }

            if (char.IsAsciiHexDigit(c))
            {
                hex[w] |= bit;
            }

            if (i + 2 < n && c == (char)b[i + 2] && c is ' ' or '.' or '-' or '_' or '*' or '/' && IsUnit(char.ToLowerInvariant((char)b[i + 1])))
            {
                spaced[w] |= bit;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Lower(Vector256<byte> v)
        => v | (Vector256.LessThanOrEqual(v - Vector256.Create((byte)'A'), Vector256.Create((byte)25)) & Vector256.Create((byte)0x20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUnit(char c) => c is (>= 'a' and <= 'z') or '0' or '1' or '3' or '4' or '5' or '7' or '8';
}
