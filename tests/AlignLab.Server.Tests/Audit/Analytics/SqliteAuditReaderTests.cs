using AlignLab.Server.Audit;
using AlignLab.Server.Audit.Analytics;

namespace AlignLab.Server.Tests.Audit.Analytics;

public sealed class SqliteAuditReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reading_a_range_pages_through_records_in_time_order_even_when_many_share_one_timestamp()
    {
        // Keyset pagination on (at, seq): a page boundary inside a run of equal times must neither skip nor repeat a record.
        var path = _dir.File("audit.db");
        var t = AuditSamples.Monday.AddHours(1);
        var written = new List<AuditRecord>();
        await using (var log = new SqliteAuditLog(path))
        {
            for (var i = 0; i < 23; i++)
            {
                var at = i < 10 ? t : t.AddMinutes(i);
                var r = AuditSamples.Record(at, AuditSamples.Decision(null, null, 0.01 * i));
                written.Add(r);
                await log.AppendAsync(r, CancellationToken.None);
            }

            await log.AppendAsync(AuditSamples.Record(AuditSamples.Monday.AddDays(-1), "{}"), CancellationToken.None);
            await log.AppendAsync(AuditSamples.Record(AuditSamples.Monday.AddDays(1), "{}"), CancellationToken.None);
        }

        await using var reader = SqliteAuditReader.Open(path, pageSize: 4);
        var read = new List<AuditRecord>();
        await foreach (var r in reader.ReadAsync(AuditSamples.Monday, AuditSamples.Monday.AddDays(1), CancellationToken.None))
        {
            read.Add(r);
        }

        Assert.Equal(written.Select(r => r.Id), read.Select(r => r.Id));
        Assert.Equal(written[5], read[5]);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_by_name_and_left_unchanged()
    {
        var path = _dir.Write("audit.db", "this is not a SQLite database, just some text that happens to be long enough to have a header");
        var before = await File.ReadAllBytesAsync(path);

        var e = Assert.Throws<AuditReaderException>(() => SqliteAuditReader.Open(path));

        Assert.Contains("audit.db", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable SQLite audit database", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public void A_missing_file_is_reported_and_not_created()
    {
        var path = _dir.File("none.db");

        var e = Assert.Throws<AuditReaderException>(() => SqliteAuditReader.Open(path));

        Assert.Contains("no such audit database", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
