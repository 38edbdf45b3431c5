namespace AlignLab.Runtime.Review;

/// <summary>
/// A queue of exchanges waiting for a human decision. Implementations are thread-safe.
/// </summary>
public interface IReviewQueue
{
    /// <summary>Stores <paramref name="request"/> as a new pending item.</summary>
    Task<ReviewItem> EnqueueAsync(ReviewRequest request, CancellationToken cancellationToken = default);

    /// <summary>The item with <paramref name="id"/>, or null when there is none.</summary>
    Task<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> items (1–10,000), oldest first, optionally only those with <paramref name="status"/>.</summary>
    Task<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a decision on a pending item and returns the decided item. Throws <see cref="KeyNotFoundException"/>
    /// when there is no such item and <see cref="ReviewAlreadyDecidedException"/> when it was already decided.
    /// </summary>
    Task<ReviewItem> DecideAsync(string id, ReviewVerdict verdict, string reviewer, string? note, CancellationToken cancellationToken = default);

    /// <summary>How many items there are, optionally only those with <paramref name="status"/>.</summary>
    Task<int> CountAsync(ReviewStatus? status = null, CancellationToken cancellationToken = default);
}
