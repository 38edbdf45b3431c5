using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>
/// Reads a <see cref="SqliteAuditLog"/> file read-only (a running gateway may keep writing it). Times are stored as
/// round-trip UTC text, which sorts as time, so the <c>audit_at</c> index serves the range and the keyset (at, seq).
/// </summary>
public sealed class SqliteAuditReader : IAuditReader
{
    private const string Columns = "seq, id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, input_sha256, trace";

    private readonly SqliteConnection _connection;
    private readonly int _pageSize;

    private SqliteAuditReader(SqliteConnection connection, string path, int pageSize)
    {
        _connection = connection;
        _pageSize = pageSize;
        Description = "SQLite " + path;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Opens the audit database at <paramref name="path"/> read-only and checks it holds an audit table.</summary>
    /// <param name="path">The audit database (e.g. <c>alignlab-audit.db</c>).</param>
    /// <param name="pageSize">Records per query (at least 1).</param>
    /// <exception cref="AuditReaderException">The file is missing, not a SQLite database, or has no audit table.</exception>
    public static SqliteAuditReader Open(string path, int pageSize = 4096)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new AuditReaderException($"{path}: no such audit database");
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'";
            if ((long)cmd.ExecuteScalar()! != 1)
            {
                throw new AuditReaderException($"{path}: a SQLite database without an audit table (is it an AlignLab audit log?)");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new AuditReaderException($"{path}: not a readable SQLite audit database ({e.Message})", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteAuditReader(connection, full, pageSize);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var end = Text(to);
        var lastAt = Text(from);
        long lastSeq = -1;
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {Columns} FROM audit
            WHERE at < $end AND (at > $at OR (at = $at AND seq > $seq))
            ORDER BY at, seq LIMIT $limit
            """;
        var pAt = cmd.Parameters.AddWithValue("$at", lastAt);
        var pSeq = cmd.Parameters.AddWithValue("$seq", lastSeq);
        cmd.Parameters.AddWithValue("$end", end);
        cmd.Parameters.AddWithValue("$limit", _pageSize);
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
                    lastAt = reader.GetString(2);
                    yield return new AuditRecord(
                        reader.GetString(1),
                        DateTimeOffset.Parse(lastAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                        reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                        reader.GetInt64(9) != 0, reader.GetInt32(10), reader.GetDouble(11), reader.IsDBNull(12) ? null : reader.GetString(12),
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
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // The log writes UtcDateTime.ToString("O"): fixed width with seven fractional digits and a Z, so text order is time order.
    private static string Text(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
