using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Audit;

/// <summary>
/// The audit log in a SQLite file, in WAL mode. A committed transaction is in the WAL file before the
/// response goes out, so killing the process (even with SIGKILL) loses no answered request's record;
/// with <c>fullSync</c> (<c>synchronous=FULL</c>) every commit is also fsynced and survives a power loss.
/// </summary>
/// <remarks>
/// The WAL is checkpointed (copied into the database file and restarted) by a thread of its own, every
/// <see cref="CheckpointEvery"/> commits, on its own connection. SQLite's automatic checkpoint (every 1,000 WAL pages, about
/// 180 gateway commits) ran inside the commit that crossed the limit, so one request in about 180 waited for it, with every
/// request queued behind its commit (issue 14 item 18). A passive checkpoint runs beside commits without blocking them; one
/// that cannot finish (a reader holds an old snapshot) leaves the rest for the next.
/// </remarks>
public sealed class SqliteAuditLog : GroupCommitAuditLog
{
    private const string Columns =
        "id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, input_sha256, trace, context, profile";

    /// <summary>Commits between two checkpoints of the WAL (SQLite's own limit of 1,000 pages is about 180 gateway commits).</summary>
    public const int CheckpointEvery = 128;

    private static readonly TimeSpan DefaultBusyWait = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _insert;
    private readonly SqliteConnection _checkpointer;
    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private readonly Thread _checkpointThread;
    private volatile bool _stopping;
    private int _sinceCheckpoint;
    private long _checkpoints;

    /// <summary>Opens (creating when needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="fullSync">synchronous=FULL (power-loss safe) rather than NORMAL (process-crash safe, faster).</param>
    /// <param name="commitTimeout">
    /// How long a commit may wait for a lock held by another connection: SQLite's <c>busy_timeout</c> and the commands'
    /// timeout (whole seconds, at least 1). A commit runs on the thread of the request that found the log idle, so this
    /// bounds how long that request waits for a locked file; the gateway passes its audit commit timeout. Without it,
    /// 5 s and Microsoft.Data.Sqlite's default of 30 s, as before.
    /// </param>
    public SqliteAuditLog(string path, bool fullSync = false, TimeSpan? commitTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        if (commitTimeout is { } limit)
        {
            connection.DefaultTimeout = (int)Math.Clamp(Math.Ceiling(limit.TotalSeconds), 1, int.MaxValue);
        }

        _connectionString = connection.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        Execute(_writer, fullSync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        var busyMs = (int)Math.Clamp((commitTimeout ?? DefaultBusyWait).TotalMilliseconds, 1, int.MaxValue);
        Execute(_writer, "PRAGMA busy_timeout=" + busyMs.ToString(CultureInfo.InvariantCulture) + ";");
        Execute(_writer, "PRAGMA wal_autocheckpoint=0;");
        // seq is the rowid without AUTOINCREMENT: records are never deleted, so a new row's seq is still one past the
        // highest, and a commit writes no sqlite_sequence page (one WAL frame of about four; issue 14 item 18). Files
        // made before keep their AUTOINCREMENT table.
        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS audit (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              at TEXT NOT NULL,
              caller TEXT NOT NULL,
              endpoint TEXT NOT NULL,
              arm TEXT NOT NULL,
              policy TEXT NOT NULL,
              policy_version TEXT NOT NULL,
              action TEXT NOT NULL,
              flagged INTEGER NOT NULL,
              status INTEGER NOT NULL,
              latency_ms REAL NOT NULL,
              input_sha256 TEXT,
              trace TEXT NOT NULL,
              context TEXT,
              profile TEXT);
            CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
            """);
        AuditSchemaMigration.AddSelectionColumns(_writer);
        _insert = _writer.CreateCommand();
        _insert.CommandText = $"INSERT INTO audit ({Columns}) VALUES ($id, $at, $caller, $endpoint, $arm, $policy, $version, $action, $flagged, "
            + "$status, $latency, $sha, $trace, $context, $profile)";
        foreach (var name in new[]
        {
            "$id", "$at", "$caller", "$endpoint", "$arm", "$policy", "$version", "$action", "$flagged", "$status", "$latency", "$sha", "$trace",
                "$context", "$profile",
        })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insert.Prepare();
        _checkpointer = new SqliteConnection(_connectionString);
        _checkpointer.Open();
        _checkpointThread = new Thread(Checkpoints) { IsBackground = true, Name = "audit WAL checkpoint" };
        _checkpointThread.Start();
    }

    /// <summary>Checkpoints run so far by the checkpoint thread (for tests and metrics).</summary>
    public long CheckpointsRun => Interlocked.Read(ref _checkpoints);

    /// <summary>The writer connection's <c>wal_autocheckpoint</c>: 0, so that no commit checkpoints.</summary>
    internal long WriterAutoCheckpoint()
    {
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = "PRAGMA wal_autocheckpoint;";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => "SQLite " + Path;

    /// <inheritdoc />
    protected override Task CommitBatchAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        using var tx = _writer.BeginTransaction();
        _insert.Transaction = tx;
        var p = _insert.Parameters;
        foreach (var r in batch)
        {
            p[0].Value = r.Id;
            p[1].Value = r.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            p[2].Value = r.Caller;
            p[3].Value = r.Endpoint;
            p[4].Value = r.Arm;
            p[5].Value = r.Policy;
            p[6].Value = r.PolicyVersion;
            p[7].Value = r.Action;
            p[8].Value = r.Flagged ? 1 : 0;
            p[9].Value = r.Status;
            p[10].Value = r.LatencyMs;
            p[11].Value = (object?)r.InputSha256 ?? DBNull.Value;
            p[12].Value = r.Trace;
            p[13].Value = (object?)r.Context ?? DBNull.Value;
            p[14].Value = (object?)r.Profile ?? DBNull.Value;
            _insert.ExecuteNonQuery();
        }

        tx.Commit();
        if (++_sinceCheckpoint >= CheckpointEvery)
        {
            _sinceCheckpoint = 0;
            Signal();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<AuditRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM audit ORDER BY seq DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 10_000));
        var list = new List<AuditRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AuditRecord(
                reader.GetString(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.GetInt64(8) != 0, reader.GetInt32(9), reader.GetDouble(10), reader.IsDBNull(11) ? null : reader.GetString(11),
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
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM audit WHERE id = $id";
        var p = cmd.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        foreach (var id in ids)
        {
            p.Value = id;
            if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                found.Add(id);
            }
        }

        return found;
    }

    /// <summary>Number of records stored.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM audit";
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit'";
            return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        // The checkpointer closes first, so that closing the writer (the last connection) checkpoints the rest as before.
        _stopping = true;
        Signal();
        if (_checkpointThread.Join(TimeSpan.FromSeconds(10)))
        {
            _checkpointDue.Dispose();
        }

        await _checkpointer.DisposeAsync().ConfigureAwait(false);
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    // Wakes the checkpoint thread unless a wake-up is already pending.
    private void Signal()
    {
        try
        {
            _checkpointDue.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already due.
        }
    }

    private void Checkpoints()
    {
        while (true)
        {
            _checkpointDue.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                Execute(_checkpointer, "PRAGMA wal_checkpoint(PASSIVE);");
                Interlocked.Increment(ref _checkpoints);
            }
            catch (SqliteException)
            {
                // Busy or failing now: the next checkpoint copies what this one did not; commits are not affected.
            }
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
