using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Preferences.Ratings;

/// <summary>
/// Rating queues in the SQLite preference database (tables <c>rating_batches</c>, <c>rating_items</c>, <c>ratings</c>,
/// created on first use; parameterised statements; one pooled connection per operation).
/// </summary>
internal sealed class SqliteRatingStore : IRatingStore
{
    private const string ItemColumns = "id, batch_id, position, item_key, line, prompt, first, second";
    private const string BatchColumns =
        "b.id, b.name, b.created_by, b.created_at, b.salt, (SELECT COUNT(*) FROM rating_items i WHERE i.batch_id = b.id)";
    private const string RatingColumns = "r.item_id, r.rater, r.swapped, r.shown_choice, r.shown_scale, r.reason, r.rated_at";

    private const string Ddl = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS rating_batches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            salt TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS rating_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id INTEGER NOT NULL REFERENCES rating_batches(id),
            position INTEGER NOT NULL,
            item_key TEXT NOT NULL,
            line INTEGER NOT NULL,
            prompt TEXT NOT NULL,
            first TEXT NOT NULL,
            second TEXT NOT NULL,
            UNIQUE (batch_id, position));
        CREATE TABLE IF NOT EXISTS ratings (
            item_id INTEGER NOT NULL REFERENCES rating_items(id),
            rater TEXT NOT NULL,
            swapped INTEGER NOT NULL,
            shown_choice INTEGER NOT NULL,
            shown_scale INTEGER NOT NULL,
            reason TEXT NULL,
            rated_at INTEGER NOT NULL,
            PRIMARY KEY (item_id, rater));
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private Task? _schema;

    /// <summary>Uses the database at <paramref name="path"/> (the preference store's file).</summary>
    public SqliteRatingStore(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<RatingBatch> ImportAsync(string name, string createdBy, IReadOnlyList<RatingImportItem> items,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(createdBy);
        ArgumentNullException.ThrowIfNull(items);
        var now = _time.GetUtcNow();
        var salt = RatingOrder.NewSalt();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long batchId;
        await using (var batch = connection.CreateCommand())
        {
            batch.Transaction = transaction;
            batch.CommandText = "INSERT INTO rating_batches (name, created_by, created_at, salt) VALUES ($name, $by, $at, $salt) RETURNING id";
            batch.Parameters.AddWithValue("$name", name);
            batch.Parameters.AddWithValue("$by", createdBy);
            batch.Parameters.AddWithValue("$at", now.UtcTicks);
            batch.Parameters.AddWithValue("$salt", salt);
            batchId = Convert.ToInt64(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO rating_items (batch_id, position, item_key, line, prompt, first, second) VALUES ($b, $p, $k, $l, $q, $f, $s)";
            var parameters = new[] { "$b", "$p", "$k", "$l", "$q", "$f", "$s" }
                .Select((n, i) => insert.Parameters.Add(n, i is 0 or 1 or 3 ? SqliteType.Integer : SqliteType.Text)).ToArray();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                parameters[0].Value = batchId;
                parameters[1].Value = i;
                parameters[2].Value = item.Key;
                parameters[3].Value = item.Line;
                parameters[4].Value = item.Prompt;
                parameters[5].Value = item.First;
                parameters[6].Value = item.Second;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
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
        await foreach (var b in ReadBatchesAsync("WHERE b.id = $id", id, cancellationToken).ConfigureAwait(false))
        {
            return b;
        }

        return null;
    }

    public Task<RatingItem?> ItemAtAsync(long batchId, int position, CancellationToken cancellationToken) =>
        FirstAsync(ReadItemsAsync("WHERE batch_id = $a AND position = $b", batchId, position, cancellationToken), cancellationToken);

    public Task<RatingItem?> ItemAsync(long id, CancellationToken cancellationToken) =>
        FirstAsync(ReadItemsAsync("WHERE id = $a", id, null, cancellationToken), cancellationToken);

    public IAsyncEnumerable<RatingItem> ItemsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadItemsAsync("WHERE batch_id = $a ORDER BY position", batchId, null, cancellationToken);

    public async Task SaveAsync(RatingRecord rating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rating);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ratings (item_id, rater, swapped, shown_choice, shown_scale, reason, rated_at)
            VALUES ($item, $rater, $swapped, $choice, $scale, $reason, $at)
            ON CONFLICT (item_id, rater) DO UPDATE SET swapped = excluded.swapped, shown_choice = excluded.shown_choice,
              shown_scale = excluded.shown_scale, reason = excluded.reason, rated_at = excluded.rated_at
            """;
        command.Parameters.AddWithValue("$item", rating.ItemId);
        command.Parameters.AddWithValue("$rater", rating.Rater);
        command.Parameters.AddWithValue("$swapped", rating.Swapped ? 1 : 0);
        command.Parameters.AddWithValue("$choice", (int)rating.ShownChoice);
        command.Parameters.AddWithValue("$scale", rating.ShownScale);
        command.Parameters.AddWithValue("$reason", (object?)rating.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", rating.RatedAt.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RatingRecord?> RatingAsync(long itemId, string rater, CancellationToken cancellationToken)
    {
        var found = await ReadRatingsAsync("WHERE r.item_id = $a AND r.rater = $b", itemId, rater, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<int> RatedCountAsync(long batchId, string rater, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ratings r JOIN rating_items i ON i.id = r.item_id WHERE i.batch_id = $b AND r.rater = $r";
        command.Parameters.AddWithValue("$b", batchId);
        command.Parameters.AddWithValue("$r", rater);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<RatingRecord>> RatingsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadRatingsAsync("JOIN rating_items i ON i.id = r.item_id WHERE i.batch_id = $a ORDER BY r.item_id, r.rater", batchId, null,
            cancellationToken);

    private static async Task<RatingItem?> FirstAsync(IAsyncEnumerable<RatingItem> items, CancellationToken cancellationToken)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return item;
        }

        return null;
    }

    private async IAsyncEnumerable<RatingBatch> ReadBatchesAsync(string tail, long? id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {BatchColumns} FROM rating_batches b {tail}";
        if (id is { } value)
        {
            command.Parameters.AddWithValue("$id", value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RatingBatch(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetInt32(5), reader.GetString(4));
        }
    }

    private async IAsyncEnumerable<RatingItem> ReadItemsAsync(string tail, long a, int? b,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ItemColumns} FROM rating_items {tail}";
        command.Parameters.AddWithValue("$a", a);
        if (b is { } value)
        {
            command.Parameters.AddWithValue("$b", value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RatingItem(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7));
        }
    }

    private async Task<IReadOnlyList<RatingRecord>> ReadRatingsAsync(string tail, long a, string? b, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RatingColumns} FROM ratings r {tail}";
        command.Parameters.AddWithValue("$a", a);
        if (b is not null)
        {
            command.Parameters.AddWithValue("$b", b);
        }

        var result = new List<RatingRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new RatingRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0, (RatingChoice)reader.GetInt32(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5), new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero)));
        }

        return result;
    }

    private async Task CreateSchemaAsync()
    {
        await using var init = new SqliteConnection(_connectionString);
        await init.OpenAsync().ConfigureAwait(false);
        await using var command = init.CreateCommand();
        command.CommandText = Ddl;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var schema = Volatile.Read(ref _schema);
        if (schema is null || schema.IsFaulted || schema.IsCanceled)
        {
            // Creating the tables twice under a race is harmless (IF NOT EXISTS); a failed attempt is retried next time.
            schema = CreateSchemaAsync();
            Volatile.Write(ref _schema, schema);
        }

        await schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
