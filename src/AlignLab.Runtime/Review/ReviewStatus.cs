namespace AlignLab.Runtime.Review;

/// <summary>Where a review item stands.</summary>
public enum ReviewStatus
{
    /// <summary>Waiting for a human decision.</summary>
    Pending = 0,

    /// <summary>A reviewer approved the exchange (the guard was too strict, or the response may be released).</summary>
    Approved = 1,

    /// <summary>A reviewer rejected the exchange (the guard was right, or the response must not be released).</summary>
    Rejected = 2,
}
