using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>ASCII lower-case letters a–z.</summary>
internal readonly struct LowerLetterCharClass : ICharClass
{
    public static bool Contains(char c) => char.IsAsciiLetterLower(c);

    public static Vector128<ushort> Contains(Vector128<ushort> c)
        => Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));

    public static Vector256<ushort> Contains(Vector256<ushort> c)
        => Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')));
}
