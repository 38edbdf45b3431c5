using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>ASCII upper-case letters and digits: a token without any can be neither hex nor base64 (unless padded).</summary>
internal readonly struct UpperOrDigitCharClass : ICharClass
{
    public static bool Contains(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);

    public static Vector128<ushort> Contains(Vector128<ushort> c)
        => Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'A'), Vector128.Create((ushort)25))
            | Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));

    public static Vector256<ushort> Contains(Vector256<ushort> c)
        => Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'A'), Vector256.Create((ushort)25))
            | Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
}
