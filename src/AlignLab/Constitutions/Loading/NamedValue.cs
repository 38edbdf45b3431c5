namespace AlignLab.Constitutions.Loading;

/// <summary>What <see cref="NamedValueReader{T}.Read"/> found.</summary>
internal enum NamedValue
{
    /// <summary>No value (null, '~' or nothing), or not a single value (reported by the node reader).</summary>
    Absent,

    /// <summary>A value that is not one of the names, or not a single value: reported.</summary>
    Invalid,

    /// <summary>A known name.</summary>
    Read,
}
