namespace AlignLab.Normalization;

/// <summary>What the character pass does with one code point.</summary>
internal enum FoldAction
{
    /// <summary>Emit <see cref="FoldInfo.Output"/> (possibly identical to the input).</summary>
    Replace,

    /// <summary>Drop the code point (invisible or bidi control character).</summary>
    Remove,

    /// <summary>Drop a combining mark and extend the previous output character to cover it.</summary>
    Mark,
}
