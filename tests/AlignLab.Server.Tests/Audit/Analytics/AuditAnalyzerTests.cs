using System.Text.Json;
using AlignLab.Runtime.Review;
using AlignLab.Server.Audit;
using AlignLab.Server.Audit.Analytics;

namespace AlignLab.Server.Tests.Audit.Analytics;

public sealed class AuditAnalyzerTests : IDisposable
{
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(AuditSamples.Monday.UtcDateTime);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Days_rates_rules_categories_latency_and_errors_come_from_the_records_and_their_traces()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 100; i++)
        {
            records.Add(AuditSamples.Record(AuditSamples.Monday.AddMinutes(i), AuditSamples.Decision(null, null, 0.02), latencyMs: i + 1));
        }

        // Day 2: 10 blocks by a rule, 5 escalations through a chat completion, 2 upstream failures, 1 cancelled request.
        var day2 = AuditSamples.Monday.AddDays(1);
        for (var i = 0; i < 10; i++)
        {
            records.Add(AuditSamples.Record(day2.AddMinutes(i), AuditSamples.Decision("weapons.build", "weapons", 0.95), "block", flagged: true));
        }

        for (var i = 0; i < 5; i++)
        {
            records.Add(AuditSamples.Record(day2.AddMinutes(20 + i), AuditSamples.Alignment("self_harm.method", "self_harm", 0.7, "R" + i), "escalate",
                flagged: true, endpoint: "chat.completions"));
        }

        records.Add(AuditSamples.Record(day2.AddHours(3), "{}", "error", status: 502));
        records.Add(AuditSamples.Record(day2.AddHours(3), "{}", "error", status: 502));
        records.Add(AuditSamples.Record(day2.AddHours(4), "{}", "error", status: 499));
        records.Add(AuditSamples.Record(day2.AddHours(5), "{not json", "allow"));
        var path = await WriteAsync(records);

        await using var reader = SqliteAuditReader.Open(path);
        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(Day1, Day1.AddDays(2)), null, CancellationToken.None);

        Assert.Equal([100L, 19L, 0L], report.Days.Select(d => d.Requests));
        var d2 = report.Days[1];
        Assert.Equal(15, d2.Blocked);
        Assert.Equal(15, d2.Interventions);
        Assert.Equal(3, d2.Errors);
        Assert.Equal(5, d2.Escalated);
        Assert.Equal(Math.Round(3 / 19.0, 6), d2.ErrorRate);
        Assert.Equal(1, report.UnreadableTraces);
        Assert.Equal([new NamedCount("weapons.build", 10), new NamedCount("self_harm.method", 5)], report.Rules);
        Assert.Equal([new NamedCount("weapons", 10), new NamedCount("self_harm", 5)], report.Categories);
        Assert.Equal("allow", report.Actions[0].Name);

        // Latencies 1..100 ms: the sketch's percentiles are within its 2% buckets of the exact ones.
        var d1 = report.Days[0];
        Assert.InRange(d1.LatencyP50Ms!.Value, 50 * 0.98, 50 * 1.02);
        Assert.InRange(d1.LatencyP95Ms!.Value, 95 * 0.98, 95 * 1.02);
        Assert.InRange(d1.LatencyP99Ms!.Value, 99 * 0.98, 99 * 1.02);
        Assert.Null(report.Days[2].LatencyP50Ms);
    }

    [Fact]
    public async Task Drift_is_zero_for_the_reference_day_itself_and_large_when_scores_move()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 200; i++)
        {
            records.Add(AuditSamples.Record(AuditSamples.Monday.AddMinutes(i), AuditSamples.Decision(null, null, (i % 20) / 100.0)));
            records.Add(AuditSamples.Record(AuditSamples.Monday.AddDays(1).AddMinutes(i), AuditSamples.Decision(null, null, (i % 20) / 100.0)));
            records.Add(AuditSamples.Record(AuditSamples.Monday.AddDays(2).AddMinutes(i), AuditSamples.Decision(null, null, 0.5 + ((i % 20) / 100.0))));
        }

        var path = await WriteAsync(records);
        await using var reader = SqliteAuditReader.Open(path);
        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(Day1, Day1.AddDays(2)), null, CancellationToken.None);

        Assert.Equal(200, report.ReferenceScored);
        Assert.Equal(0.0, report.Days[0].Psi);
        Assert.Equal(0.0, report.Days[1].Psi);
        Assert.True(report.Days[2].Psi > 0.25, $"PSI {report.Days[2].Psi}");

        // A reference window outside the report's is read in a second pass.
        var later = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(Day1, Day1.AddDays(1)) { ReferenceFrom = Day1.AddDays(2) },
            null, CancellationToken.None);
        Assert.Equal(200, later.ReferenceScored);
        Assert.True(later.Days[0].Psi > 0.25);
    }

    [Fact]
    public async Task Review_outcomes_count_the_items_created_in_the_window()
    {
        var queue = new InMemoryReviewQueue();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await queue.EnqueueAsync(new ReviewRequest("flagged", "prompt " + i, null, "alignlab-default", "{}", ["weapons"], 0.6))).Id);
        }

        await queue.DecideAsync(ids[0], ReviewVerdict.Approved, "ana", null);
        await queue.DecideAsync(ids[1], ReviewVerdict.Rejected, "ana", null);
        await queue.DecideAsync(ids[2], ReviewVerdict.Rejected, "ana", null);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var path = await WriteAsync([AuditSamples.Record(DateTimeOffset.UtcNow, AuditSamples.Decision(null, null, 0.1))]);
        await using var reader = SqliteAuditReader.Open(path);

        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(today, today), queue, CancellationToken.None);

        Assert.Equal(new ReviewOutcomes(2, 1, 2, false), report.Review);
        Assert.Equal(Math.Round(1 / 3.0, 4), report.Review!.OverturnRate);
    }

    [Fact]
    public async Task The_three_files_are_written_with_snake_case_json_and_every_day_in_the_markdown()
    {
        var path = await WriteAsync([
            AuditSamples.Record(AuditSamples.Monday.AddHours(1), AuditSamples.Decision("weapons.build", "weapons", 0.9), "block", flagged: true),
            AuditSamples.Record(AuditSamples.Monday.AddDays(1).AddHours(1), AuditSamples.Decision(null, null, 0.1))]);
        await using var reader = SqliteAuditReader.Open(path);
        var report = await AuditAnalyzer.AnalyzeAsync(reader, new AuditReportOptions(Day1, Day1.AddDays(1)), null, CancellationToken.None);

        var files = AuditReportWriter.WriteAll(report, _dir.File("out"));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(files[0]));
        Assert.Equal(2, json.RootElement.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal("2026-11-30", json.RootElement.GetProperty("days")[0].GetProperty("day").GetString());
        Assert.Equal(0.5, json.RootElement.GetProperty("totals").GetProperty("block_rate").GetDouble());
        Assert.True(json.RootElement.GetProperty("days")[0].TryGetProperty("latency_p95_ms", out _));
        var md = await File.ReadAllTextAsync(files[1]);
        Assert.Contains("| 2026-12-01 | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("| weapons.build | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("<svg", await File.ReadAllTextAsync(files[2]), StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(IEnumerable<AuditRecord> records)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".db");
        await using var log = new SqliteAuditLog(path);
        foreach (var r in records)
        {
            await log.AppendAsync(r, CancellationToken.None);
        }

        return path;
    }
}
