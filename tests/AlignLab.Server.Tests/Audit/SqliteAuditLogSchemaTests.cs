using AlignLab.Server.Audit;
using AlignLab.Testing.Support;
using Microsoft.Data.Sqlite;

namespace AlignLab.Server.Tests.Audit;

/// <summary>
/// Issue 14 item 18: a new audit file's <c>seq</c> is the plain rowid (no AUTOINCREMENT, so no sqlite_sequence page per
/// commit); files made before keep working and keep counting from where they were.
/// </summary>
public sealed class SqliteAuditLogSchemaTests
{
    [Fact]
    public async Task A_new_file_numbers_records_in_order_without_a_sqlite_sequence_table()
    {
        using var dir = new TempDir();
        var path = dir.File("audit.db");
        await using (var log = new SqliteAuditLog(path))
        {
            for (var i = 0; i < 3; i++)
            {
                await log.AppendAsync(Record("r" + i), CancellationToken.None);
            }
        }

        using var c = Open(path);
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"));
        Assert.Equal("r0,r1,r2", Scalar(c, "SELECT group_concat(id, ',') FROM (SELECT id FROM audit ORDER BY seq)"));
        Assert.Equal(3L, Scalar(c, "SELECT max(seq) FROM audit"));
    }

    [Fact]
    public async Task A_file_made_with_autoincrement_keeps_it_and_goes_on_counting()
    {
        using var dir = new TempDir();
        var path = dir.File("old.db");
        using (var c = Open(path))
        {
            Execute(c, """
                CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, caller TEXT NOT NULL,
                  endpoint TEXT NOT NULL, arm TEXT NOT NULL, policy TEXT NOT NULL, policy_version TEXT NOT NULL, action TEXT NOT NULL,
                  flagged INTEGER NOT NULL, status INTEGER NOT NULL, latency_ms REAL NOT NULL, input_sha256 TEXT, trace TEXT NOT NULL);
                INSERT INTO audit (id, at, caller, endpoint, arm, policy, policy_version, action, flagged, status, latency_ms, trace)
                  VALUES ('old', '2026-01-01T00:00:00.0000000Z', 'k', 'moderations', 'a', 'p', 'v', 'allow', 0, 200, 1, '{}');
                """);
        }

        SqliteConnection.ClearAllPools();
        await using (var log = new SqliteAuditLog(path))
        {
            await log.AppendAsync(Record("new"), CancellationToken.None);
            Assert.Equal(["new", "old"], (await log.RecentAsync(10, CancellationToken.None)).Select(r => r.Id));
        }

        using var check = Open(path);
        Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"));
        Assert.Equal(2L, Scalar(check, "SELECT seq FROM audit WHERE id = 'new'"));
    }

    private static AuditRecord Record(string id) =>
        new(id, DateTimeOffset.UtcNow, "k", "moderations", "a", "p", "v", "allow", false, 200, 1.5, null, "{}");

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
