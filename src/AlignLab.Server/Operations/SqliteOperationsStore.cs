using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Operations;

/// <summary>
/// The policy history and A/B experiments in the audit log's SQLite file (tables <c>policy_versions</c> and
/// <c>ab_experiments</c> beside <c>audit</c>), on connections of their own. Several gateways on one file share them.
/// </summary>
public sealed class SqliteOperationsStore : IOperationsStore
{
    private const string VersionColumns = "seq, arm, version, policy, author, at, reason, previous_version, origin, yaml, diff, detail";
    private const string ExperimentColumns = "id, started_at, version_a, version_b, split, ended_at, winner";

    private readonly string _connectionString;
    private readonly bool _readOnly;

    private SqliteOperationsStore(string path, string connectionString, bool readOnly)
    {
        Path = path;
        _connectionString = connectionString;
        _readOnly = readOnly;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => "SQLite " + Path;

    /// <summary>
    /// Opens the store in the audit database at <paramref name="path"/>: the gateway opens it for writing (creating the
    /// tables); the command line opens it read-only and finds a missing, corrupt or foreign file reported.
    /// </summary>
    /// <exception cref="OperationsStoreException">The file is missing (read-only), not a SQLite database, or not an audit log.</exception>
    public static SqliteOperationsStore Open(string path, bool readOnly = false, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (readOnly && !File.Exists(full))
        {
            throw new OperationsStoreException($"{path}: no such audit database");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Clamp(Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds), 1, 600),
        };
        var store = new SqliteOperationsStore(full, builder.ToString(), readOnly);
        try
        {
            using var c = store.Connect();
            if (readOnly)
            {
                if (Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'") != 1)
                {
                    throw new OperationsStoreException($"{path}: a SQLite database without an audit table (is it an AlignLab audit log?)");
                }
            }
            else
            {
                Execute(c, """
                    PRAGMA journal_mode=WAL;
                    CREATE TABLE IF NOT EXISTS policy_versions (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      arm TEXT NOT NULL, version TEXT NOT NULL, policy TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL,
                      reason TEXT NOT NULL, previous_version TEXT, origin TEXT NOT NULL, yaml TEXT, diff TEXT NOT NULL, detail TEXT);
                    CREATE INDEX IF NOT EXISTS policy_versions_version ON policy_versions(version);
                    CREATE TABLE IF NOT EXISTS ab_experiments (
                      id TEXT PRIMARY KEY, started_at TEXT NOT NULL, version_a TEXT NOT NULL, version_b TEXT NOT NULL,
                      split REAL NOT NULL, ended_at TEXT, winner TEXT);
                    CREATE UNIQUE INDEX IF NOT EXISTS ab_experiments_open ON ab_experiments(version_a, version_b) WHERE ended_at IS NULL;
                    """);
            }
        }
        catch (SqliteException e)
        {
            throw new OperationsStoreException($"{path}: not a readable SQLite audit database ({e.Message})", e);
        }

        return store;
    }

    /// <inheritdoc />
    public Task<PolicyVersionEntry> AppendVersionAsync(PolicyVersionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Run(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT INTO policy_versions (arm, version, policy, author, at, reason, previous_version, origin, yaml, diff, detail)
                VALUES ($arm, $version, $policy, $author, $at, $reason, $previous, $origin, $yaml, $diff, $detail) RETURNING seq
                """;
            cmd.Parameters.AddWithValue("$arm", entry.Arm);
            cmd.Parameters.AddWithValue("$version", entry.Version);
            cmd.Parameters.AddWithValue("$policy", entry.Policy);
            cmd.Parameters.AddWithValue("$author", entry.Author);
            cmd.Parameters.AddWithValue("$at", Time(entry.At));
            cmd.Parameters.AddWithValue("$reason", entry.Reason);
            cmd.Parameters.AddWithValue("$previous", (object?)entry.PreviousVersion ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$origin", entry.Origin);
            cmd.Parameters.AddWithValue("$yaml", (object?)entry.Yaml ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$diff", entry.Diff);
            cmd.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            return entry with { Seq = (long)cmd.ExecuteScalar()! };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PolicyVersionEntry>> HistoryAsync(string? arm, DateTimeOffset? from, DateTimeOffset? to, int limit,
        CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PolicyVersionEntry>>(c =>
        {
            if (!HasTable(c, "policy_versions"))
            {
                return [];
            }

            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                SELECT {VersionColumns} FROM policy_versions
                WHERE ($arm IS NULL OR arm = $arm) AND ($from IS NULL OR at >= $from) AND ($to IS NULL OR at < $to)
                ORDER BY seq DESC LIMIT $limit
                """;
            cmd.Parameters.AddWithValue("$arm", (object?)arm ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$from", from is { } f ? Time(f) : DBNull.Value);
            cmd.Parameters.AddWithValue("$to", to is { } t ? Time(t) : DBNull.Value);
            cmd.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 100_000));
            return ReadVersions(cmd);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<PolicyVersionEntry?> FindVersionAsync(string version, string? arm, CancellationToken cancellationToken)
    {
        OperationsSql.CheckVersionPrefix(version);
        return Run(c =>
        {
            if (!HasTable(c, "policy_versions"))
            {
                return null;
            }

            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                SELECT {VersionColumns} FROM policy_versions
                WHERE substr(version, 1, length($prefix)) = $prefix AND ($arm IS NULL OR arm = $arm) AND yaml IS NOT NULL
                ORDER BY seq DESC
                """;
            cmd.Parameters.AddWithValue("$prefix", version.ToLowerInvariant());
            cmd.Parameters.AddWithValue("$arm", (object?)arm ?? DBNull.Value);
            return PolicyHistoryLookup.Single(version, ReadVersions(cmd));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AbExperiment> JoinExperimentAsync(string versionA, string versionB, double split, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        Run(c =>
        {
            // IMMEDIATE: two gateways starting together serialise here, and the second finds the first's experiment.
            using var tx = c.BeginTransaction(deferred: false);
            using (var find = c.CreateCommand())
            {
                find.Transaction = tx;
                find.CommandText = $"SELECT {ExperimentColumns} FROM ab_experiments WHERE ended_at IS NULL AND version_a = $a AND version_b = $b";
                find.Parameters.AddWithValue("$a", versionA);
                find.Parameters.AddWithValue("$b", versionB);
                if (ReadExperiments(find).FirstOrDefault() is { } open)
                {
                    tx.Commit();
                    return open;
                }
            }

            var created = new AbExperiment(OperationsSql.NewId(), at, versionA, versionB, split, null, null);
            using (var end = c.CreateCommand())
            {
                end.Transaction = tx;
                end.CommandText = "UPDATE ab_experiments SET ended_at = $at WHERE ended_at IS NULL";
                end.Parameters.AddWithValue("$at", Time(at));
                end.ExecuteNonQuery();
            }

            using (var insert = c.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO ab_experiments ({ExperimentColumns}) VALUES ($id, $at, $a, $b, $split, NULL, NULL)";
                insert.Parameters.AddWithValue("$id", created.Id);
                insert.Parameters.AddWithValue("$at", Time(at));
                insert.Parameters.AddWithValue("$a", versionA);
                insert.Parameters.AddWithValue("$b", versionB);
                insert.Parameters.AddWithValue("$split", split);
                insert.ExecuteNonQuery();
            }

            tx.Commit();
            return created;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<AbExperiment?> CurrentExperimentAsync(CancellationToken cancellationToken) =>
        Run(c =>
        {
            if (!HasTable(c, "ab_experiments"))
            {
                return null;
            }

            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT {ExperimentColumns} FROM ab_experiments "
                + "ORDER BY ended_at IS NULL DESC, COALESCE(ended_at, started_at) DESC LIMIT 1";
            return ReadExperiments(cmd).FirstOrDefault();
        }, cancellationToken);

    /// <inheritdoc />
    public Task EndExperimentAsync(string id, string? winner, DateTimeOffset at, CancellationToken cancellationToken) =>
        Run(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE ab_experiments SET ended_at = COALESCE(ended_at, $at), winner = $winner WHERE id = $id";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$at", Time(at));
            cmd.Parameters.AddWithValue("$winner", (object?)winner ?? DBNull.Value);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AbArmCounts>> CountArmsAsync(AbExperiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Run<IReadOnlyList<AbArmCounts>>(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                SELECT arm, COUNT(*), SUM({OperationsSql.BlockedCase}), SUM({OperationsSql.ErrorCase}), AVG(latency_ms) FROM audit
                WHERE at >= $from AND ($to IS NULL OR at < $to) AND {OperationsSql.IsDecision}
                  AND ((arm = 'a' AND policy_version = $a) OR (arm = 'b' AND policy_version = $b))
                GROUP BY arm ORDER BY arm
                """;
            cmd.Parameters.AddWithValue("$from", Time(experiment.StartedAt));
            cmd.Parameters.AddWithValue("$to", experiment.EndedAt is { } end ? Time(end) : DBNull.Value);
            cmd.Parameters.AddWithValue("$a", experiment.VersionA);
            cmd.Parameters.AddWithValue("$b", experiment.VersionB);
            var counts = new List<AbArmCounts>();
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                counts.Add(new AbArmCounts(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4)));
            }

            return counts;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<(long Requests, long Blocked)> CountVersionAsync(string arm, string version, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) =>
        Run(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                SELECT COUNT(*), COALESCE(SUM({OperationsSql.BlockedCase}), 0) FROM audit
                WHERE at >= $from AND at < $to AND arm = $arm AND policy_version = $version AND {OperationsSql.IsDecision}
                """;
            cmd.Parameters.AddWithValue("$from", Time(from));
            cmd.Parameters.AddWithValue("$to", Time(to));
            cmd.Parameters.AddWithValue("$arm", arm);
            cmd.Parameters.AddWithValue("$version", version);
            using var reader = cmd.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>Runs <paramref name="work"/> on a connection of its own, off the caller's thread; SQLite errors become <see
    /// cref="OperationsStoreException"/>.</summary>
    private Task<T> Run<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            try
            {
                using var c = Connect();
                return work(c);
            }
            catch (SqliteException e)
            {
                var what = _readOnly ? "cannot be read" : "cannot be read or written";
                throw new OperationsStoreException($"{Path}: the policy history / A/B store {what} ({e.Message})", e);
            }
        }, cancellationToken);

    private static List<PolicyVersionEntry> ReadVersions(SqliteCommand cmd)
    {
        var list = new List<PolicyVersionEntry>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new PolicyVersionEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)),
                r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11)));
        }

        return list;
    }

    private static List<AbExperiment> ReadExperiments(SqliteCommand cmd)
    {
        var list = new List<AbExperiment>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new AbExperiment(r.GetString(0), ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetDouble(4),
                r.IsDBNull(5) ? null : ParseTime(r.GetString(5)), r.IsDBNull(6) ? null : r.GetString(6)));
        }

        return list;
    }

    private static bool HasTable(SqliteConnection c, string name)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        cmd.Parameters.AddWithValue("$name", name);
        return (long)cmd.ExecuteScalar()! == 1;
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
