using System.Globalization;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;

namespace AlignLab.Server.Tests.Audit;

/// <summary>Issue 14 item 18: audit ids take their random bits from a per-thread block, not a system call each, and stay UUID v7.</summary>
public sealed class AuditIdsTests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_whose_first_48_bits_are_the_unix_milliseconds()
    {
        var at = new DateTimeOffset(2026, 12, 7, 21, 0, 0, 123, TimeSpan.Zero);
        var id = AuditIds.New(at);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(at.ToUnixTimeMilliseconds(), long.Parse(id[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal('7', id[12]);
        Assert.Contains(id[16], "89ab");
        var guid = Guid.ParseExact(id, "N");
        Assert.Equal(7, guid.Version);
    }

    [Fact]
    public void Ids_sort_by_time_and_do_not_repeat_across_many_blocks_and_threads()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                Assert.True(seen.TryAdd(GatewayState.NewAuditId(), 0));
            }
        });
        Assert.Equal(200_000, seen.Count);
        var earlier = AuditIds.New(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        var later = AuditIds.New(DateTimeOffset.FromUnixTimeMilliseconds(1_001));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
