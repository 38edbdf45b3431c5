using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlignLab.Runtime.Review;

/// <summary>
/// A durable review queue in one SQLite file. The file and its schema (with a <c>schema_version</c> table) are created
/// on first use; the database runs in WAL journal mode with <c>synchronous=FULL</c>, so an enqueued item survives a
/// crash or power loss once <see cref="EnqueueAsync"/> has returned. Every statement is parameterised. Each operation
/// uses its own pooled connection, so one instance is safe from many threads, and several instances (or processes)
/// may share the file: SQLite serialises the writers and waits for locks up to <see cref="BusyTimeout"/>.
/// Prompts, responses and traces of any content (NULs, lone surrogates, many megabytes) are stored without loss.
/// </summary>
public sealed class SqliteReviewQueue : IReviewQueue, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>How long an operation waits for another writer's lock before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const string Columns = "id, status, created_at, decided_at, reviewer, note, reason, prompt, response, policy_name, trace_json, categories, score";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Opens (creating on first use) the queue stored at <paramref name="path"/>.</summary>
    /// <param name="path">The database file; its folder must exist.</param>
    /// <param name="timeProvider">Clock for creation and decision times; <see cref="TimeProvider.System"/> by default.</param>
    public SqliteReviewQueue(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public async Task<ReviewItem> EnqueueAsync(ReviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = _time.GetUtcNow();
        var item = new ReviewItem(ReviewIds.New(now), ReviewStatus.Pending, now, null, null, null, request with { Categories = [.. request.Categories] });
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO review_items ({Columns}) VALUES ($id, $status, $created, NULL, NULL, NULL, $reason, $prompt, $response, $policy, $trace, $categories, $score)";
        command.Parameters.AddWithValue("$id", item.Id);
        command.Parameters.AddWithValue("$status", (int)ReviewStatus.Pending);
        command.Parameters.AddWithValue("$created", now.UtcTicks);
        command.Parameters.AddWithValue("$reason", LosslessText.ToDb(request.Reason));
        command.Parameters.AddWithValue("$prompt", LosslessText.ToDb(request.Prompt));
        command.Parameters.AddWithValue("$response", LosslessText.ToDb(request.Response));
        command.Parameters.AddWithValue("$policy", LosslessText.ToDb(request.PolicyName));
        command.Parameters.AddWithValue("$trace", LosslessText.ToDb(request.TraceJson));
        command.Parameters.AddWithValue("$categories", LosslessText.ListToDb(item.Categories));
        command.Parameters.AddWithValue("$score", request.Score);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return item;
    }

    /// <inheritdoc/>
    public async Task<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        ReviewArguments.CheckLimit(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = status is null
            ? $"SELECT {Columns} FROM review_items ORDER BY created_at, id LIMIT $limit"
            : $"SELECT {Columns} FROM review_items WHERE status = $status ORDER BY created_at, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (status is { } s)
        {
            command.Parameters.AddWithValue("$status", (int)s);
        }

        var items = new List<ReviewItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <inheritdoc/>
    public async Task<ReviewItem> DecideAsync(string id, ReviewVerdict verdict, string reviewer, string? note, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckDecision(id, verdict, reviewer);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = connection.CreateCommand())
        {
            // One conditional UPDATE: of two concurrent deciders (threads or processes), exactly one changes the row.
            update.CommandText = "UPDATE review_items SET status = $status, decided_at = $decided, reviewer = $reviewer, note = $note WHERE id = $id AND status = $pending";
            update.Parameters.AddWithValue("$status", (int)verdict);
            update.Parameters.AddWithValue("$decided", _time.GetUtcNow().UtcTicks);
            update.Parameters.AddWithValue("$reviewer", LosslessText.ToDb(reviewer));
            update.Parameters.AddWithValue("$note", LosslessText.ToDb(note));
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$pending", (int)ReviewStatus.Pending);
            var changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var item = await GetAsync(connection, id, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"There is no review item {id}.");
            if (changed == 0)
            {
                throw new ReviewAlreadyDecidedException(item);
            }

            return item;
        }
    }

    /// <inheritdoc/>
    public async Task<int> CountAsync(ReviewStatus? status = null, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = status is null ? "SELECT COUNT(*) FROM review_items" : "SELECT COUNT(*) FROM review_items WHERE status = $status";
        if (status is { } s)
        {
            command.Parameters.AddWithValue("$status", (int)s);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(result, CultureInfo.InvariantCulture);
    }

    /// <summary>Releases the pooled connections to the file (other instances on the same file are unaffected).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initGate.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};", cancellationToken).ConfigureAwait(false);

            // WAL is a property of the file: set once, it stays (it cannot be changed inside a transaction).
            var mode = await ScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Could not switch {Path} to WAL journal mode (it is '{mode}').");
            }

            await ExecuteAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS review_items (
                    id TEXT NOT NULL PRIMARY KEY,
                    status INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    decided_at INTEGER,
                    reviewer BLOB,
                    note BLOB,
                    reason BLOB NOT NULL,
                    prompt BLOB NOT NULL,
                    response BLOB,
                    policy_name BLOB NOT NULL,
                    trace_json BLOB NOT NULL,
                    categories BLOB NOT NULL,
                    score REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS review_items_status_created ON review_items (status, created_at, id);
                CREATE INDEX IF NOT EXISTS review_items_created ON review_items (created_at, id);
                """, cancellationToken, transaction).ConfigureAwait(false);
            var version = await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version;", cancellationToken, transaction).ConfigureAwait(false);
            if (version is null or DBNull)
            {
                await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion});", cancellationToken, transaction).ConfigureAwait(false);
            }
            else if (Convert.ToInt32(version, CultureInfo.InvariantCulture) > SchemaVersion)
            {
                throw new InvalidOperationException($"{Path} has review queue schema version {version}; this build reads up to {SchemaVersion}.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReviewItem?> GetAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM review_items WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static ReviewItem Read(SqliteDataReader r)
    {
        var request = new ReviewRequest(
            LosslessText.FromDb(r.GetValue(6))!,
            LosslessText.FromDb(r.GetValue(7))!,
            LosslessText.FromDb(r.GetValue(8)),
            LosslessText.FromDb(r.GetValue(9))!,
            LosslessText.FromDb(r.GetValue(10))!,
            LosslessText.ListFromDb((byte[])r.GetValue(11)),
            r.GetDouble(12));
        return new ReviewItem(
            r.GetString(0),
            (ReviewStatus)r.GetInt32(1),
            new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero),
            r.IsDBNull(3) ? null : new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
            LosslessText.FromDb(r.GetValue(4)),
            LosslessText.FromDb(r.GetValue(5)),
            request);
    }
}
