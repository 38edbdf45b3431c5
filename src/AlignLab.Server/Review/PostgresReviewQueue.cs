using System.Runtime.CompilerServices;
using AlignLab.Runtime.Review;
using AlignLab.Server.Storage;
using Npgsql;

namespace AlignLab.Server.Review;

/// <summary>
/// The human review queue in PostgreSQL, for several gateway replicas sharing one queue: an item escalated on one
/// replica can be listed and decided on any other. Same behaviour as <see cref="SqliteReviewQueue"/>: every statement
/// is parameterised, any string is stored without loss (see <see cref="PostgresText"/>), and a decision is one
/// conditional <c>UPDATE … WHERE status = pending</c>, so of two replicas deciding the same item at once exactly one
/// succeeds and the other gets <see cref="ReviewAlreadyDecidedException"/>. The table <c>alignlab_review_items</c>
/// is created when missing (safe when several replicas start at once). Times are stored as UTC ticks, exactly.
/// </summary>
public sealed class PostgresReviewQueue : PostgresStore, IReviewQueue
{
    private static readonly string Columns = string.Join(", ",
        "id", "status", "created_at", "decided_at",
        PostgresText.Columns("reviewer"), PostgresText.Columns("note"), PostgresText.Columns("reason"), PostgresText.Columns("prompt"),
        PostgresText.Columns("response"), PostgresText.Columns("policy_name"), PostgresText.Columns("trace_json"),
        "categories", "score");

    private static readonly string Ddl = $"""
        CREATE TABLE IF NOT EXISTS alignlab_review_items (
          id TEXT NOT NULL PRIMARY KEY,
          status INTEGER NOT NULL,
          created_at BIGINT NOT NULL,
          decided_at BIGINT,
          {PostgresText.Definition("reviewer")},
          {PostgresText.Definition("note")},
          {PostgresText.Definition("reason")},
          {PostgresText.Definition("prompt")},
          {PostgresText.Definition("response")},
          {PostgresText.Definition("policy_name")},
          {PostgresText.Definition("trace_json")},
          categories BYTEA NOT NULL,
          score DOUBLE PRECISION NOT NULL);
        CREATE INDEX IF NOT EXISTS alignlab_review_items_status_created ON alignlab_review_items (status, created_at, id);
        CREATE INDEX IF NOT EXISTS alignlab_review_items_created ON alignlab_review_items (created_at, id);
        """;

    private PostgresReviewQueue(NpgsqlDataSource dataSource, string description, TimeProvider? time)
        : base(dataSource, description, time)
    {
    }

    /// <summary>Connects and creates the table when needed.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for creation and decision times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<PostgresReviewQueue> OpenAsync(string connectionString, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var (dataSource, description) = await PostgresSchema.OpenAsync(connectionString, Ddl, cancellationToken).ConfigureAwait(false);
        return new PostgresReviewQueue(dataSource, description, timeProvider);
    }

    /// <inheritdoc/>
    public async Task<ReviewItem> EnqueueAsync(ReviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var now = Time.GetUtcNow();
        var item = new ReviewItem(ReviewIds.New(now), ReviewStatus.Pending, now, null, null, null, request with { Categories = [.. request.Categories] });
        await using var command = DataSource.CreateCommand(
            $"INSERT INTO alignlab_review_items ({Columns}) VALUES ($1, $2, $3, NULL, NULL, NULL, NULL, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
        command.Parameters.Add(new NpgsqlParameter { Value = item.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)ReviewStatus.Pending });
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcTicks });
        PostgresText.Add(command.Parameters, request.Reason);
        PostgresText.Add(command.Parameters, request.Prompt);
        PostgresText.Add(command.Parameters, request.Response);
        PostgresText.Add(command.Parameters, request.PolicyName);
        PostgresText.Add(command.Parameters, request.TraceJson);
        command.Parameters.Add(new NpgsqlParameter { Value = LosslessText.ListToDb(item.Categories) });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Score });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return item;
    }

    /// <inheritdoc/>
    public Task<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return GetCoreAsync(id, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        ReviewArguments.CheckLimit(limit);
        await using var command = DataSource.CreateCommand(status is null
            ? $"SELECT {Columns} FROM alignlab_review_items ORDER BY created_at, id LIMIT $1"
            : $"SELECT {Columns} FROM alignlab_review_items WHERE status = $2 ORDER BY created_at, id LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        if (status is { } s)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (int)s });
        }

        return await QueryAsync(command, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ReviewItem> DecideAsync(string id, ReviewVerdict verdict, string reviewer, string? note, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckDecision(id, verdict, reviewer);

        // Under READ COMMITTED a second concurrent UPDATE of the row waits for the first to commit, then re-checks
        // "status = pending" against the committed row and changes nothing: exactly one decider gets the row back.
        await using (var update = DataSource.CreateCommand(
            $"UPDATE alignlab_review_items SET status = $1, decided_at = $2, ({PostgresText.Columns("reviewer")}) = ($3, $4), ({PostgresText.Columns("note")}) = ($5, $6) " +
            $"WHERE id = $7 AND status = $8 RETURNING {Columns}"))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = (int)verdict });
            update.Parameters.Add(new NpgsqlParameter { Value = Time.GetUtcNow().UtcTicks });
            PostgresText.Add(update.Parameters, reviewer);
            PostgresText.Add(update.Parameters, note);
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            update.Parameters.Add(new NpgsqlParameter { Value = (int)ReviewStatus.Pending });
            if (await QueryAsync(update, cancellationToken).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } decided)
            {
                return decided;
            }
        }

        var existing = await GetCoreAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"There is no review item {id}.");
        throw new ReviewAlreadyDecidedException(existing);
    }

    /// <inheritdoc/>
    public async Task<int> CountAsync(ReviewStatus? status = null, CancellationToken cancellationToken = default)
    {
        ReviewArguments.CheckStatus(status);
        await using var command = DataSource.CreateCommand(status is null
            ? "SELECT COUNT(*) FROM alignlab_review_items"
            : "SELECT COUNT(*) FROM alignlab_review_items WHERE status = $1");
        if (status is { } s)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (int)s });
        }

        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    private async Task<ReviewItem?> GetCoreAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand($"SELECT {Columns} FROM alignlab_review_items WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await QueryAsync(command, cancellationToken).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<ReviewItem> QueryAsync(NpgsqlCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static ReviewItem Read(NpgsqlDataReader r)
    {
        // Ordinals follow Columns: 4 scalars, then seven text pairs (reviewer 4, note 6, reason 8, prompt 10,
        // response 12, policy_name 14, trace_json 16), then categories 18 and score 19.
        var request = new ReviewRequest(
            PostgresText.ReadRequired(r, 8),
            PostgresText.ReadRequired(r, 10),
            PostgresText.Read(r, 12),
            PostgresText.ReadRequired(r, 14),
            PostgresText.ReadRequired(r, 16),
            LosslessText.ListFromDb(r.GetFieldValue<byte[]>(18)),
            r.GetDouble(19));
        return new ReviewItem(
            r.GetString(0),
            (ReviewStatus)r.GetInt32(1),
            new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero),
            r.IsDBNull(3) ? null : new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
            PostgresText.Read(r, 4),
            PostgresText.Read(r, 6),
            request);
    }
}
