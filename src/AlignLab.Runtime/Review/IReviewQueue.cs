namespace AlignLab.Runtime.Review;

// Provisional contract; replaced by the full review queue.
public interface IReviewQueue
{
    Task<ReviewItem> EnqueueAsync(ReviewRequest request, CancellationToken cancellationToken = default);
}

public sealed record ReviewRequest(string Reason, string Prompt, string? Response, string PolicyName, string TraceJson)
{
    public IReadOnlyList<string> Categories { get; init; } = [];
    public double? Score { get; init; }
}

public sealed record ReviewItem(string Id);
