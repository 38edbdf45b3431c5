using System.Runtime.CompilerServices;
using AlignLab.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>Reads the <c>alignlab_audit</c> table of a <see cref="PostgresAuditLog"/> in time order, one page per query.</summary>
public sealed class PostgresAuditReader : IAuditReader
{
    private const string Columns =
        "seq, id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, input_sha256, trace::text";

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _pageSize;

    private PostgresAuditReader(NpgsqlDataSource dataSource, string description, int pageSize)
    {
        _dataSource = dataSource;
        _pageSize = pageSize;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Connects and checks that the audit table exists; never creates or changes anything.</summary>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgres://</c> URL (its password is never shown).</param>
    /// <param name="pageSize">Records per query (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="AuditReaderException">The server cannot be reached or has no audit table.</exception>
    public static async Task<PostgresAuditReader> OpenAsync(string connectionString, int pageSize = 4096, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(connectionString));
        var description = PostgresSchema.Describe(builder);
        var dataSource = PostgresSchema.CreateDataSource(builder);
        try
        {
            await using var c = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT to_regclass('alignlab_audit') IS NOT NULL";
            if (!(bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                throw new AuditReaderException($"{description}: no alignlab_audit table (is it an AlignLab audit database?)");
            }

            return new PostgresAuditReader(dataSource, description, pageSize);
        }
        catch (NpgsqlException e)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new AuditReaderException($"{description}: cannot read the audit log ({e.Message})", e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastAt = from.UtcDateTime;
        long lastSeq = -1;
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM alignlab_audit WHERE at < $1 AND (at, seq) > ($2, $3) ORDER BY at, seq LIMIT $4";
        cmd.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var pAt = new NpgsqlParameter { Value = lastAt, NpgsqlDbType = NpgsqlDbType.TimestampTz };
        var pSeq = new NpgsqlParameter { Value = lastSeq, NpgsqlDbType = NpgsqlDbType.Bigint };
        cmd.Parameters.Add(pAt);
        cmd.Parameters.Add(pSeq);
        cmd.Parameters.Add(new NpgsqlParameter { Value = _pageSize });
        while (true)
        {
            pAt.Value = lastAt;
            pSeq.Value = lastSeq;
            var read = 0;
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    lastSeq = reader.GetInt64(0);
                    lastAt = reader.GetDateTime(2);
                    yield return new AuditRecord(
                        reader.GetString(1), new DateTimeOffset(lastAt, TimeSpan.Zero),
                        reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                        reader.GetBoolean(9), reader.GetInt32(10), reader.GetDouble(11), reader.IsDBNull(12) ? null : reader.GetString(12),
                        reader.GetString(13));
                }
            }

            if (read < _pageSize)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
