using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>Hexadecimal digits 0–9 a–f A–F.</summary>
internal readonly struct HexDigitCharClass : ICharClass
{
    public static bool Contains(char c) => char.IsAsciiHexDigit(c);

    public static Vector128<ushort> Contains(Vector128<ushort> c)
    {
        var letter = Vector128.LessThanOrEqual((c | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)5));
        var digit = Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
        return letter | digit;
    }

    public static Vector256<ushort> Contains(Vector256<ushort> c)
    {
        var letter = Vector256.LessThanOrEqual((c | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)5));
        var digit = Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
        return letter | digit;
    }
}
