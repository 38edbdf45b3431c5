namespace AlignLab.Runtime.Review;

/// <summary>
/// A review queue held in memory (lost when the process ends): for tests and hosts that do not want a file.
/// Thread-safe; same semantics as the SQLite queue (<c>SqliteReviewQueue</c> in AlignLab.Storage).
/// </summary>
public sealed class InMemoryReviewQueue : IReviewQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ReviewItem> _items = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly TimeProvider _time;

    /// <summary>Creates an empty queue; <paramref name="timeProvider"/> defaults to <see cref="TimeProvider.System"/>.</summary>
    public InMemoryReviewQueue(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task<ReviewItem> EnqueueAsync(ReviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var item = new ReviewItem(ReviewIds.New(now), ReviewStatus.Pending, now, null, null, null, request with { Categories = [.. request.Categories] });
        lock (_gate)
        {
            _items.Add(item.Id, item);
            _order.Add(item.Id);
        }

        return Task.FromResult(item);
    }

    /// <inheritdoc/>
    public Task<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_items.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        ReviewArguments.CheckLimit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ReviewItem> list = _order.Select(id => _items[id]).Where(i => status is null || i.Status == status).Take(limit).ToArray();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc/>
    public Task<ReviewItem> DecideAsync(string id, ReviewVerdict verdict, string reviewer, string? note, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckDecision(id, verdict, reviewer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_items.TryGetValue(id, out var item))
            {
                throw new KeyNotFoundException($"There is no review item {id}.");
            }

            if (item.Status != ReviewStatus.Pending)
            {
                throw new ReviewAlreadyDecidedException(item);
            }

            var decided = item with { Status = (ReviewStatus)verdict, DecidedAt = _time.GetUtcNow(), Reviewer = reviewer, Note = note };
            _items[id] = decided;
            return Task.FromResult(decided);
        }
    }

    /// <inheritdoc/>
    public Task<int> CountAsync(ReviewStatus? status = null, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(status is null ? _items.Count : _items.Values.Count(i => i.Status == status));
        }
    }
}
