using AlignLab.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AlignLab.Server.Audit;

/// <summary>
/// The audit log in PostgreSQL, for several gateway replicas sharing one log. Same schema and group commit as
/// <see cref="SqliteAuditLog"/>; each batch is one transaction of one multi-row batch.
/// </summary>
public sealed class PostgresAuditLog : GroupCommitAuditLog
{
    private const string Columns =
        "id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, input_sha256, trace, context, profile";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresAuditLog(NpgsqlDataSource dataSource, string description)
    {
        _dataSource = dataSource;
        Description = description;
    }

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>Connects and creates the table when needed.</summary>
    /// <param name="connectionString">An Npgsql connection string (its password is never shown in <see cref="Description"/>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<PostgresAuditLog> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var description = PostgresSchema.Describe(builder);
        var dataSource = PostgresSchema.CreateDataSource(builder);
        try
        {
            await using var c = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE IF NOT EXISTS alignlab_audit (
                  seq BIGSERIAL PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  at TIMESTAMPTZ NOT NULL,
                  caller TEXT NOT NULL,
                  endpoint TEXT NOT NULL,
                  arm TEXT NOT NULL,
                  policy TEXT NOT NULL,
                  policy_version TEXT NOT NULL,
                  action TEXT NOT NULL,
                  flagged BOOLEAN NOT NULL,
                  status INTEGER NOT NULL,
                  latency_ms DOUBLE PRECISION NOT NULL,
                  input_sha256 TEXT,
                  trace JSONB NOT NULL,
                  context TEXT,
                  profile TEXT);
                CREATE INDEX IF NOT EXISTS alignlab_audit_at ON alignlab_audit(at);
                """;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await AuditSchemaMigration.AddSelectionColumnsAsync(c, cancellationToken).ConfigureAwait(false);
            return new PostgresAuditLog(dataSource, description);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task CommitBatchAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var npgBatch = new NpgsqlBatch(c, tx);
        foreach (var r in batch)
        {
            var cmd = new NpgsqlBatchCommand(
                $"INSERT INTO alignlab_audit ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.At.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Caller });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Endpoint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Arm });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Policy });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.PolicyVersion });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Action });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Flagged });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Status });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.LatencyMs });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)r.InputSha256 ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = r.Trace, NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)r.Context ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)r.Profile ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            npgBatch.BatchCommands.Add(cmd);
        }

        await npgBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns.Replace("trace", "trace::text", StringComparison.Ordinal)} FROM alignlab_audit ORDER BY seq DESC LIMIT $1";
        cmd.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(limit, 1, 10_000) });
        var list = new List<AuditRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AuditRecord(
                reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.GetBoolean(8), reader.GetInt32(9), reader.GetDouble(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetString(12))
            {
                Context = reader.IsDBNull(13) ? null : reader.GetString(13),
                Profile = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return list;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id FROM alignlab_audit WHERE id = ANY($1)";
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <inheritdoc />
    public override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();
}
