using Npgsql;

namespace AlignLab.Server.Tests.Support;

/// <summary>
/// A class fixture: one <see cref="TemporaryPostgres"/> cluster per test class, started on first use (so classes of
/// skipped <see cref="PostgresFactAttribute"/> tests never start one), handing out an empty database per test.
/// </summary>
public sealed class PostgresDatabases : IDisposable
{
    private readonly Lazy<TemporaryPostgres> _cluster = new(TemporaryPostgres.Start);
    private int _next;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _next)}";
        await using (var admin = new NpgsqlConnection(_cluster.Value.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_cluster.Value.ConnectionString) { Database = name }.ToString();
    }

    public void Dispose()
    {
        if (_cluster.IsValueCreated)
        {
            NpgsqlConnection.ClearAllPools();
            _cluster.Value.Dispose();
        }
    }
}
