using AlignLab.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AlignLab.Server.Operations;

/// <summary>
/// The policy history and A/B experiments in the audit log's PostgreSQL database (tables
/// <c>alignlab_policy_versions</c> and <c>alignlab_ab_experiments</c>), shared by every replica.
/// </summary>
public sealed class PostgresOperationsStore : PostgresStore, IOperationsStore
{
    private const string VersionColumns = "seq, arm, version, policy, author, at, reason, previous_version, origin, yaml, diff, detail";
    private const string ExperimentColumns = "id, started_at, version_a, version_b, split, ended_at, winner";

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS alignlab_policy_versions (
          seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          arm TEXT NOT NULL, version TEXT NOT NULL, policy TEXT NOT NULL, author TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,
          reason TEXT NOT NULL, previous_version TEXT, origin TEXT NOT NULL, yaml TEXT, diff TEXT NOT NULL, detail TEXT);
        CREATE INDEX IF NOT EXISTS alignlab_policy_versions_version ON alignlab_policy_versions(version);
        CREATE TABLE IF NOT EXISTS alignlab_ab_experiments (
          id TEXT PRIMARY KEY, started_at TIMESTAMPTZ NOT NULL, version_a TEXT NOT NULL, version_b TEXT NOT NULL,
          split DOUBLE PRECISION NOT NULL, ended_at TIMESTAMPTZ, winner TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS alignlab_ab_experiments_open ON alignlab_ab_experiments(version_a, version_b) WHERE ended_at IS NULL;
        CREATE TABLE IF NOT EXISTS alignlab_audit (
          seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TIMESTAMPTZ NOT NULL, caller TEXT NOT NULL, endpoint TEXT NOT NULL,
          arm TEXT NOT NULL, policy TEXT NOT NULL, policy_version TEXT NOT NULL, action TEXT NOT NULL, flagged BOOLEAN NOT NULL,
          status INTEGER NOT NULL, latency_ms DOUBLE PRECISION NOT NULL, input_sha256 TEXT, trace JSONB NOT NULL);
        """;

    private PostgresOperationsStore(NpgsqlDataSource dataSource, string description)
        : base(dataSource, description, null)
    {
    }

    /// <summary>Connects and creates the tables when needed (the audit table too, as <see cref="Audit.PostgresAuditLog"/> does).</summary>
    /// <exception cref="OperationsStoreException">The database cannot be reached or set up.</exception>
    public static async Task<PostgresOperationsStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var (dataSource, description) = await PostgresSchema.OpenAsync(connectionString, Ddl, cancellationToken).ConfigureAwait(false);
            return new PostgresOperationsStore(dataSource, description);
        }
        catch (NpgsqlException e)
        {
            throw new OperationsStoreException($"PostgreSQL: the policy history / A/B store cannot be opened ({e.Message})", e);
        }
    }

    /// <inheritdoc />
    public Task<PolicyVersionEntry> AppendVersionAsync(PolicyVersionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Run(async c =>
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO alignlab_policy_versions (arm, version, policy, author, at, reason, previous_version, origin, yaml, diff, detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq
                """, c);
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Arm });
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Version });
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Policy });
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Author });
            cmd.Parameters.Add(Timestamp(entry.At));
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Reason });
            cmd.Parameters.Add(Text(entry.PreviousVersion));
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Origin });
            cmd.Parameters.Add(Text(entry.Yaml));
            cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Diff });
            cmd.Parameters.Add(Text(entry.Detail));
            var seq = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return entry with { Seq = seq };
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PolicyVersionEntry>> HistoryAsync(string? arm, DateTimeOffset? from, DateTimeOffset? to, int limit,
        CancellationToken cancellationToken) =>
        Run<IReadOnlyList<PolicyVersionEntry>>(async c =>
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT {VersionColumns} FROM alignlab_policy_versions
                WHERE ($1::text IS NULL OR arm = $1) AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
                ORDER BY seq DESC LIMIT $4
                """, c);
            cmd.Parameters.Add(Text(arm));
            cmd.Parameters.Add(Timestamp(from));
            cmd.Parameters.Add(Timestamp(to));
            cmd.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(limit, 1, 100_000) });
            return await ReadVersionsAsync(cmd, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task<PolicyVersionEntry?> FindVersionAsync(string version, string? arm, CancellationToken cancellationToken)
    {
        OperationsSql.CheckVersionPrefix(version);
        return Run(async c =>
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT {VersionColumns} FROM alignlab_policy_versions
                WHERE starts_with(version, $1) AND ($2::text IS NULL OR arm = $2) AND yaml IS NOT NULL ORDER BY seq DESC
                """, c);
            cmd.Parameters.Add(new NpgsqlParameter { Value = version.ToLowerInvariant() });
            cmd.Parameters.Add(Text(arm));
            return PolicyHistoryLookup.Single(version, await ReadVersionsAsync(cmd, cancellationToken).ConfigureAwait(false));
        });
    }

    /// <inheritdoc />
    public Task<AbExperiment> JoinExperimentAsync(string versionA, string versionB, double split, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        Run(async c =>
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // One experiment change at a time across replicas (released at commit).
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7310537213645162)", c, tx))
            {
                await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var find = new NpgsqlCommand(
                $"SELECT {ExperimentColumns} FROM alignlab_ab_experiments WHERE ended_at IS NULL AND version_a = $1 AND version_b = $2", c, tx))
            {
                find.Parameters.Add(new NpgsqlParameter { Value = versionA });
                find.Parameters.Add(new NpgsqlParameter { Value = versionB });
                if ((await ReadExperimentsAsync(find, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is { } open)
                {
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return open;
                }
            }

            var created = new AbExperiment(OperationsSql.NewId(), at, versionA, versionB, split, null, null);
            await using (var end = new NpgsqlCommand("UPDATE alignlab_ab_experiments SET ended_at = $1 WHERE ended_at IS NULL", c, tx))
            {
                end.Parameters.Add(Timestamp(at));
                await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var insert = new NpgsqlCommand(
                $"INSERT INTO alignlab_ab_experiments ({ExperimentColumns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL)", c, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = created.Id });
                insert.Parameters.Add(Timestamp(at));
                insert.Parameters.Add(new NpgsqlParameter { Value = versionA });
                insert.Parameters.Add(new NpgsqlParameter { Value = versionB });
                insert.Parameters.Add(new NpgsqlParameter { Value = split });
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return created;
        });

    /// <inheritdoc />
    public Task<AbExperiment?> CurrentExperimentAsync(CancellationToken cancellationToken) =>
        Run(async c =>
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT {ExperimentColumns} FROM alignlab_ab_experiments "
                + "ORDER BY ended_at IS NULL DESC, COALESCE(ended_at, started_at) DESC LIMIT 1", c);
            return (await ReadExperimentsAsync(cmd, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc />
    public Task EndExperimentAsync(string id, string? winner, DateTimeOffset at, CancellationToken cancellationToken) =>
        Run(async c =>
        {
            await using var cmd = new NpgsqlCommand("UPDATE alignlab_ab_experiments SET ended_at = COALESCE(ended_at, $2), winner = $3 WHERE id = $1",
                c);
            cmd.Parameters.Add(new NpgsqlParameter { Value = id });
            cmd.Parameters.Add(Timestamp(at));
            cmd.Parameters.Add(Text(winner));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<AbArmCounts>> CountArmsAsync(AbExperiment experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Run<IReadOnlyList<AbArmCounts>>(async c =>
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT arm, COUNT(*), SUM({OperationsSql.BlockedCase}), SUM({OperationsSql.ErrorCase}), AVG(latency_ms) FROM alignlab_audit
                WHERE at >= $1 AND ($2::timestamptz IS NULL OR at < $2) AND {OperationsSql.IsDecision}
                  AND ((arm = 'a' AND policy_version = $3) OR (arm = 'b' AND policy_version = $4))
                GROUP BY arm ORDER BY arm
                """, c);
            cmd.Parameters.Add(Timestamp(experiment.StartedAt));
            cmd.Parameters.Add(Timestamp(experiment.EndedAt));
            cmd.Parameters.Add(new NpgsqlParameter { Value = experiment.VersionA });
            cmd.Parameters.Add(new NpgsqlParameter { Value = experiment.VersionB });
            var counts = new List<AbArmCounts>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts.Add(new AbArmCounts(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4)));
            }

            return counts;
        });
    }

    /// <inheritdoc />
    public Task<(long Requests, long Blocked)> CountVersionAsync(string arm, string version, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) =>
        Run(async c =>
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT COUNT(*), COALESCE(SUM({OperationsSql.BlockedCase}), 0) FROM alignlab_audit
                WHERE at >= $1 AND at < $2 AND arm = $3 AND policy_version = $4 AND {OperationsSql.IsDecision}
                """, c);
            cmd.Parameters.Add(Timestamp(from));
            cmd.Parameters.Add(Timestamp(to));
            cmd.Parameters.Add(new NpgsqlParameter { Value = arm });
            cmd.Parameters.Add(new NpgsqlParameter { Value = version });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetInt64(0), reader.GetInt64(1));
        });

    private async Task<T> Run<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        try
        {
            await using var c = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
            return await work(c).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new OperationsStoreException($"{Description}: the policy history / A/B store cannot be read or written ({e.Message})", e);
        }
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Timestamp(DateTimeOffset? at) =>
        new() { Value = at is { } t ? t.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static async Task<List<PolicyVersionEntry>> ReadVersionsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<PolicyVersionEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PolicyVersionEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Utc(r.GetDateTime(5)),
                r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11)));
        }

        return list;
    }

    private static async Task<List<AbExperiment>> ReadExperimentsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<AbExperiment>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AbExperiment(r.GetString(0), Utc(r.GetDateTime(1)), r.GetString(2), r.GetString(3), r.GetDouble(4),
                r.IsDBNull(5) ? null : Utc(r.GetDateTime(5)), r.IsDBNull(6) ? null : r.GetString(6)));
        }

        return list;
    }
}
