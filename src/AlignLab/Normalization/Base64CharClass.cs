using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>The standard and URL-safe base64 alphabets: A–Z a–z 0–9 + / - _.</summary>
internal readonly struct Base64CharClass : ICharClass
{
    public static bool Contains(char c)
        => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || char.IsAsciiDigit(c) || c is '+' or '/' or '-' or '_';

    public static Vector128<ushort> Contains(Vector128<ushort> c)
    {
        var letter = Vector128.LessThanOrEqual((c | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
        var digit = Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
        var symbols = Vector128.Equals(c, Vector128.Create((ushort)'+')) | Vector128.Equals(c, Vector128.Create((ushort)'/'))
            | Vector128.Equals(c, Vector128.Create((ushort)'-')) | Vector128.Equals(c, Vector128.Create((ushort)'_'));
        return letter | digit | symbols;
    }

    public static Vector256<ushort> Contains(Vector256<ushort> c)
    {
        var letter = Vector256.LessThanOrEqual((c | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')));
        var digit = Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
        var symbols = Vector256.Equals(c, Vector256.Create((ushort)'+')) | Vector256.Equals(c, Vector256.Create((ushort)'/'))
            | Vector256.Equals(c, Vector256.Create((ushort)'-')) | Vector256.Equals(c, Vector256.Create((ushort)'_'));
        return letter | digit | symbols;
    }
}
