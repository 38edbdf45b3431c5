namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Where the blinded rating queues live: <see cref="SqliteRatingStore"/> beside the SQLite preference store, or
/// <see cref="PostgresRatingStore"/> in the PostgreSQL database the preference store uses. Thread-safe.
/// </summary>
internal interface IRatingStore
{
    /// <summary>Stores a batch and its items in one transaction and returns the batch.</summary>
    Task<RatingBatch> ImportAsync(string name, string createdBy, IReadOnlyList<RatingImportItem> items, CancellationToken cancellationToken);

    /// <summary>Every batch, newest first.</summary>
    Task<IReadOnlyList<RatingBatch>> BatchesAsync(CancellationToken cancellationToken);

    /// <summary>One batch, or null.</summary>
    Task<RatingBatch?> BatchAsync(long id, CancellationToken cancellationToken);

    /// <summary>The item at <paramref name="position"/> of a batch, or null.</summary>
    Task<RatingItem?> ItemAtAsync(long batchId, int position, CancellationToken cancellationToken);

    /// <summary>One item by id, or null.</summary>
    Task<RatingItem?> ItemAsync(long id, CancellationToken cancellationToken);

    /// <summary>A batch's items in order (for the export).</summary>
    IAsyncEnumerable<RatingItem> ItemsAsync(long batchId, CancellationToken cancellationToken);

    /// <summary>Stores a rating, replacing the rater's earlier rating of the item.</summary>
    Task SaveAsync(RatingRecord rating, CancellationToken cancellationToken);

    /// <summary>The rater's rating of an item, or null.</summary>
    Task<RatingRecord?> RatingAsync(long itemId, string rater, CancellationToken cancellationToken);

    /// <summary>How many of a batch's items the rater has rated.</summary>
    Task<int> RatedCountAsync(long batchId, string rater, CancellationToken cancellationToken);

    /// <summary>Every rating of a batch's items.</summary>
    Task<IReadOnlyList<RatingRecord>> RatingsAsync(long batchId, CancellationToken cancellationToken);
}
