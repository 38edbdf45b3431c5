namespace AlignLab.Runtime.Review;

/// <summary>A stored review request with its identity and decision state (an immutable snapshot).</summary>
/// <param name="Id">Unique id: 26 Crockford base-32 characters, sortable by creation time (ULID layout).</param>
/// <param name="Status">Pending, approved or rejected.</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="DecidedAt">When it was decided, if it was.</param>
/// <param name="Reviewer">Who decided it, if anyone did.</param>
/// <param name="Note">The reviewer's note, if any.</param>
/// <param name="Request">What was enqueued.</param>
public sealed record ReviewItem(
    string Id,
    ReviewStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    string? Reviewer,
    string? Note,
    ReviewRequest Request)
{
    /// <inheritdoc cref="ReviewRequest.Reason"/>
    public string Reason => Request.Reason;

    /// <inheritdoc cref="ReviewRequest.Prompt"/>
    public string Prompt => Request.Prompt;

    /// <inheritdoc cref="ReviewRequest.Response"/>
    public string? Response => Request.Response;

    /// <inheritdoc cref="ReviewRequest.PolicyName"/>
    public string PolicyName => Request.PolicyName;

    /// <inheritdoc cref="ReviewRequest.TraceJson"/>
    public string TraceJson => Request.TraceJson;

    /// <inheritdoc cref="ReviewRequest.Categories"/>
    public IReadOnlyList<string> Categories => Request.Categories;

    /// <inheritdoc cref="ReviewRequest.Score"/>
    public double Score => Request.Score;
}
