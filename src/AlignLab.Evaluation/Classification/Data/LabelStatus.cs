namespace AlignLab.Classification.Data;

/// <summary>How a harmful row's categories were found (the survey's status column).</summary>
public enum LabelStatus
{
    /// <summary>From the source's own label (possibly refined by keywords).</summary>
    Mapped,

    /// <summary>From keywords only: category weight is reduced.</summary>
    Keyword,

    /// <summary>Certainly unsafe, category unknown: category heads are masked.</summary>
    UnsafeOnly,

    /// <summary>Not a harmful prompt under the taxonomy and not clearly benign: left out.</summary>
    Excluded,
}
