using System.Runtime.CompilerServices;
using AlignLab.Server.Storage;
using Npgsql;

namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Rating queues in the preference store's PostgreSQL database (tables <c>alignlab_rating_batches</c>,
/// <c>alignlab_rating_items</c>, <c>alignlab_ratings</c>, created with the preference table), so every replica serves the
/// same queues. Texts are stored without loss (<see cref="PostgresText"/>); the rater is the API key name.
/// </summary>
internal sealed class PostgresRatingStore : IRatingStore
{
    /// <summary>The tables, created when the preference store opens.</summary>
    public static readonly string Ddl = $"""
        CREATE TABLE IF NOT EXISTS alignlab_rating_batches (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          {PostgresText.Definition("name")},
          {PostgresText.Definition("created_by")},
          created_at BIGINT NOT NULL,
          salt TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alignlab_rating_items (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          batch_id BIGINT NOT NULL REFERENCES alignlab_rating_batches(id),
          position INTEGER NOT NULL,
          {PostgresText.Definition("item_key")},
          line BIGINT NOT NULL,
          {PostgresText.Definition("prompt")},
          {PostgresText.Definition("first")},
          {PostgresText.Definition("second")},
          UNIQUE (batch_id, position));
        CREATE TABLE IF NOT EXISTS alignlab_ratings (
          item_id BIGINT NOT NULL REFERENCES alignlab_rating_items(id),
          rater TEXT NOT NULL,
          swapped BOOLEAN NOT NULL,
          shown_choice INTEGER NOT NULL,
          shown_scale INTEGER NOT NULL,
          {PostgresText.Definition("reason")},
          rated_at BIGINT NOT NULL,
          PRIMARY KEY (item_id, rater));
        """;

    private static readonly string BatchColumns = string.Join(", ", "b.id", PostgresText.Columns("b.name"), PostgresText.Columns("b.created_by"),
        "b.created_at", "b.salt", "(SELECT COUNT(*) FROM alignlab_rating_items i WHERE i.batch_id = b.id)::int");

    private static readonly string InsertedItemColumns = string.Join(", ", "batch_id", "position", PostgresText.Columns("item_key"), "line",
        PostgresText.Columns("prompt"), PostgresText.Columns("first"), PostgresText.Columns("second"));

    private static readonly string ItemColumns = "id, " + InsertedItemColumns;

    private const string RatingColumns = "r.item_id, r.rater, r.swapped, r.shown_choice, r.shown_scale, r.reason, r.reason_utf16, r.rated_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>Uses <paramref name="dataSource"/> (owned by the preference store) whose schema includes <see cref="Ddl"/>.</summary>
    public PostgresRatingStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    public async Task<RatingBatch> ImportAsync(string name, string createdBy, IReadOnlyList<RatingImportItem> items,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(createdBy);
        ArgumentNullException.ThrowIfNull(items);
        var now = _time.GetUtcNow();
        var salt = RatingOrder.NewSalt();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long batchId;
        await using (var batch = new NpgsqlCommand(
            "INSERT INTO alignlab_rating_batches (name, name_utf16, created_by, created_by_utf16, created_at, salt) "
            + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            connection, transaction))
        {
            PostgresText.Add(batch.Parameters, name);
            PostgresText.Add(batch.Parameters, createdBy);
            batch.Parameters.Add(new NpgsqlParameter { Value = now.UtcTicks });
            batch.Parameters.Add(new NpgsqlParameter { Value = salt });
            batchId = (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO alignlab_rating_items ({InsertedItemColumns}) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = batchId });
            insert.Parameters.Add(new NpgsqlParameter { Value = i });
            PostgresText.Add(insert.Parameters, item.Key);
            insert.Parameters.Add(new NpgsqlParameter { Value = item.Line });
            PostgresText.Add(insert.Parameters, item.Prompt);
            PostgresText.Add(insert.Parameters, item.First);
            PostgresText.Add(insert.Parameters, item.Second);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RatingBatch(batchId, name, createdBy, now, items.Count, salt);
    }

    public async Task<IReadOnlyList<RatingBatch>> BatchesAsync(CancellationToken cancellationToken)
    {
        var result = new List<RatingBatch>();
        await foreach (var b in ReadBatchesAsync("ORDER BY b.id DESC", null, cancellationToken).ConfigureAwait(false))
        {
            result.Add(b);
        }

        return result;
    }

    public async Task<RatingBatch?> BatchAsync(long id, CancellationToken cancellationToken)
    {
        await foreach (var b in ReadBatchesAsync("WHERE b.id = $1", id, cancellationToken).ConfigureAwait(false))
        {
            return b;
        }

        return null;
    }

    public async Task<RatingItem?> ItemAtAsync(long batchId, int position, CancellationToken cancellationToken)
    {
        await foreach (var item in ReadItemsAsync("WHERE batch_id = $1 AND position = $2", batchId, position,
            cancellationToken).ConfigureAwait(false))
        {
            return item;
        }

        return null;
    }

    public async Task<RatingItem?> ItemAsync(long id, CancellationToken cancellationToken)
    {
        await foreach (var item in ReadItemsAsync("WHERE id = $1", id, null, cancellationToken).ConfigureAwait(false))
        {
            return item;
        }

        return null;
    }

    public IAsyncEnumerable<RatingItem> ItemsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadItemsAsync("WHERE batch_id = $1 ORDER BY position", batchId, null, cancellationToken);

    public async Task SaveAsync(RatingRecord rating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rating);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO alignlab_ratings (item_id, rater, swapped, shown_choice, shown_scale, reason, reason_utf16, rated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (item_id, rater) DO UPDATE SET swapped = excluded.swapped, shown_choice = excluded.shown_choice,
              shown_scale = excluded.shown_scale, reason = excluded.reason, reason_utf16 = excluded.reason_utf16, rated_at = excluded.rated_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = rating.ItemId });
        command.Parameters.Add(new NpgsqlParameter { Value = rating.Rater });
        command.Parameters.Add(new NpgsqlParameter { Value = rating.Swapped });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)rating.ShownChoice });
        command.Parameters.Add(new NpgsqlParameter { Value = rating.ShownScale });
        PostgresText.Add(command.Parameters, rating.Reason);
        command.Parameters.Add(new NpgsqlParameter { Value = rating.RatedAt.UtcTicks });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RatingRecord?> RatingAsync(long itemId, string rater, CancellationToken cancellationToken)
    {
        var found = await ReadRatingsAsync("WHERE r.item_id = $1 AND r.rater = $2", itemId, rater, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<int> RatedCountAsync(long batchId, string rater, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT COUNT(*)::int FROM alignlab_ratings r JOIN alignlab_rating_items i ON i.id = r.item_id WHERE i.batch_id = $1 AND r.rater = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = batchId });
        command.Parameters.Add(new NpgsqlParameter { Value = rater });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public Task<IReadOnlyList<RatingRecord>> RatingsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadRatingsAsync("JOIN alignlab_rating_items i ON i.id = r.item_id WHERE i.batch_id = $1 ORDER BY r.item_id, r.rater", batchId, null,
            cancellationToken);

    private async IAsyncEnumerable<RatingBatch> ReadBatchesAsync(string tail, long? id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {BatchColumns} FROM alignlab_rating_batches b {tail}");
        if (id is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RatingBatch(reader.GetInt64(0), PostgresText.ReadRequired(reader, 1), PostgresText.ReadRequired(reader, 3),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero), reader.GetInt32(7), reader.GetString(6));
        }
    }

    private async IAsyncEnumerable<RatingItem> ReadItemsAsync(string tail, long a, int? b,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {ItemColumns} FROM alignlab_rating_items {tail}");
        command.Parameters.Add(new NpgsqlParameter { Value = a });
        if (b is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RatingItem(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), PostgresText.ReadRequired(reader, 3),
                reader.GetInt64(5), PostgresText.ReadRequired(reader, 6), PostgresText.ReadRequired(reader, 8),
                    PostgresText.ReadRequired(reader, 10));
        }
    }

    private async Task<IReadOnlyList<RatingRecord>> ReadRatingsAsync(string tail, long a, string? b, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {RatingColumns} FROM alignlab_ratings r {tail}");
        command.Parameters.Add(new NpgsqlParameter { Value = a });
        if (b is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = b });
        }

        var result = new List<RatingRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new RatingRecord(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), (RatingChoice)reader.GetInt32(3),
                reader.GetInt32(4), PostgresText.Read(reader, 5), new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero)));
        }

        return result;
    }
}
