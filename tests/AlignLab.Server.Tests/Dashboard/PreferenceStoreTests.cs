using System.Text.Json;
using AlignLab.Server.Preferences;
using Microsoft.Extensions.Time.Testing;

namespace AlignLab.Server.Tests.Dashboard;

public sealed class PreferenceStoreTests
{
    [Fact]
    public async Task Export_is_one_json_object_per_line_oldest_first_with_exactly_the_documented_fields()
    {
        using var dir = new TempDir();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var store = new SqlitePreferenceStore(Path.Combine(dir.Path, SqlitePreferenceStore.DefaultFileName), time))
        {
            await store.AddAsync("p1", "good \"quoted\"\nanswer", "bad", "clearer", "tests", "manual", CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
            await store.AddAsync("p2 ✓ \u0000", "a", "b", null, "tests", null, CancellationToken.None);
        }

        using var reopened = new SqlitePreferenceStore(Path.Combine(dir.Path, SqlitePreferenceStore.DefaultFileName), time);
        using var output = new MemoryStream();
        await reopened.ExportJsonlAsync(output, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["prompt", "chosen", "rejected", "reason", "created_at"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("good \"quoted\"\nanswer", first.RootElement.GetProperty("chosen").GetString());
        Assert.Equal("clearer", first.RootElement.GetProperty("reason").GetString());
        Assert.Equal("2026-11-24T10:00:00.0000000+00:00", first.RootElement.GetProperty("created_at").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("p2 ✓ \u0000", second.RootElement.GetProperty("prompt").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("reason").ValueKind);
        Assert.Equal(2, await reopened.CountAsync(CancellationToken.None));
        Assert.Equal(["p2 ✓ \u0000", "p1"], (await reopened.RecentAsync(10, CancellationToken.None)).Select(p => p.Prompt));
    }
}
