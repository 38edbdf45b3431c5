using AlignLab.Server.Audit;
using AlignLab.Server.Audit.Analytics;
using AlignLab.Server.Tests.Support;
using Npgsql;

namespace AlignLab.Server.Tests.Audit.Analytics;

public sealed class PostgresAuditReaderTests
{
    [PostgresFact]
    public async Task A_week_written_to_postgres_is_read_back_in_order_and_reported_per_day()
    {
        using var pg = TemporaryPostgres.Start();
        var written = new List<AuditRecord>();
        await using (var log = await PostgresAuditLog.OpenAsync(pg.ConnectionString, CancellationToken.None))
        {
            for (var i = 0; i < 70; i++)
            {
                var at = AuditSamples.Monday.AddHours(i * 2.4);
                var blocked = i % 5 == 0;
                var r = AuditSamples.Record(at, AuditSamples.Decision(blocked ? "weapons.build" : null, blocked ? "weapons" : null, blocked ? 0.9 : 0.05),
                    action: blocked ? "block" : "allow", flagged: blocked, latencyMs: 5 + i);
                written.Add(r);
                await log.AppendAsync(r, CancellationToken.None);
            }
        }

        // The report takes a postgres:// URL as well as a connection string.
        var b = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
        var url = $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
        await using var reader = await PostgresAuditReader.OpenAsync(url, pageSize: 16);
        var read = new List<AuditRecord>();
        await foreach (var r in reader.ReadAsync(AuditSamples.Monday, AuditSamples.Monday.AddDays(7), CancellationToken.None))
        {
            read.Add(r);
        }

        Assert.Equal(written.Select(r => r.Id), read.Select(r => r.Id));
        Assert.Equal(written[3].Trace.Contains("\"unsafe\"", StringComparison.Ordinal), read[3].Trace.Contains("\"unsafe\"", StringComparison.Ordinal));

        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(DateOnly.FromDateTime(AuditSamples.Monday.UtcDateTime),
            DateOnly.FromDateTime(AuditSamples.Monday.UtcDateTime).AddDays(6)), null, CancellationToken.None);
        Assert.Equal(70, report.Totals.Requests);
        Assert.Equal(14, report.Totals.Blocked);
        Assert.Equal(7, report.Days.Count);
        Assert.All(report.Days, d => Assert.Equal(10, d.Requests));
        Assert.Equal(new NamedCount("weapons.build", 14), Assert.Single(report.Rules));
    }

    [PostgresFact]
    public async Task A_database_without_the_audit_table_is_reported_and_nothing_is_created()
    {
        using var pg = TemporaryPostgres.Start();

        var e = await Assert.ThrowsAsync<AuditReaderException>(() => PostgresAuditReader.OpenAsync(pg.ConnectionString));

        Assert.Contains("no alignlab_audit table", e.Message, StringComparison.Ordinal);
        await using var c = new NpgsqlConnection(pg.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT to_regclass('alignlab_audit') IS NULL", c);
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
    }
}
