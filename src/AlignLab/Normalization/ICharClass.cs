using System.Runtime.Intrinsics;

namespace AlignLab.Normalization;

/// <summary>A set of characters that can be tested one at a time or eight/sixteen at a time.</summary>
internal interface ICharClass
{
    /// <summary>True when <paramref name="c"/> is in the set.</summary>
    static abstract bool Contains(char c);

    /// <summary>Lane-wise membership (all bits set where the lane is in the set).</summary>
    static abstract Vector128<ushort> Contains(Vector128<ushort> c);

    /// <summary>Lane-wise membership (all bits set where the lane is in the set).</summary>
    static abstract Vector256<ushort> Contains(Vector256<ushort> c);
}
