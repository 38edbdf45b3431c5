namespace AlignLab.Runtime.Review;

/// <summary>A reviewer's decision on a pending item.</summary>
public enum ReviewVerdict
{
    /// <summary>Approve: the item becomes <see cref="ReviewStatus.Approved"/>.</summary>
    Approved = 1,

    /// <summary>Reject: the item becomes <see cref="ReviewStatus.Rejected"/>.</summary>
    Rejected = 2,
}
