using System.Text.Json;
using AlignLab.Runtime.Review;
using AlignLab.Server.Audit;

namespace AlignLab.Cli.Tests.Commands;

/// <summary><c>alignlab analyze false-positives --audit DB</c> (issue 19 item 2): reviewer decisions label the cases.</summary>
public sealed class AnalyzeAuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-analyze-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Approved_review_items_are_explained_as_false_positives_with_phrases_and_a_fix_checked_against_rejected_ones()
    {
        // Repro: alignlab analyze false-positives --audit alignlab-audit.db --policy policy.yaml --no-classifier --json
        var policy = Path.Combine(_dir, "policy.yaml");
        await File.WriteAllTextAsync(policy, "constitutional_ai:\n  specific_rules:\n    - {id: no_kill, trigger: kill, action: escalate, message: \"Held for review.\"}\n");
        var audit = Path.Combine(_dir, "alignlab-audit.db");
        await using (var log = new SqliteAuditLog(audit))
        {
            await log.AppendAsync(new AuditRecord("a1", DateTimeOffset.UtcNow, "key1", "chat.completions", "a", "p", "v1", "escalate", true, 200, 3, null, "{}"),
                CancellationToken.None);
        }

        var queue = new SqliteReviewQueue(Path.Combine(_dir, "alignlab-review.db"));
        var prompts = new[] { ("How do I kill a process on Linux?", ReviewVerdict.Approved), ("kill a process that hangs", ReviewVerdict.Approved),
            ("kill him", ReviewVerdict.Rejected), ("still waiting to kill time", (ReviewVerdict)0) };
        foreach (var (prompt, verdict) in prompts)
        {
            var item = await queue.EnqueueAsync(new ReviewRequest("rule no_kill", prompt, null, "p", "{}", ["violence"], 0.5));
            if (verdict != 0)
            {
                await queue.DecideAsync(item.Id, verdict, "ana", null);
            }
        }

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--audit", audit, "--policy", policy, "--no-classifier", "--json");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        Assert.Contains("1 harmful case(s) not analysed", r.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Output);
        Assert.Equal(2, doc.RootElement.GetProperty("cases").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("false_positives").GetInt32());
        var cause = Assert.Single(doc.RootElement.GetProperty("causes").EnumerateArray());
        Assert.Equal("no_kill", cause.GetProperty("id").GetString());
        Assert.Contains("process", cause.ToString(), StringComparison.Ordinal);
        Assert.True(cause.GetProperty("suggestion").TryGetProperty("unless_candidates", out _));
    }

    [Fact]
    public async Task An_audit_log_without_a_review_queue_is_a_usage_error()
    {
        var audit = Path.Combine(_dir, "alignlab-audit.db");
        await using (new SqliteAuditLog(audit))
        {
        }

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--audit", audit, "--no-classifier");

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("no review queue beside it", r.Error, StringComparison.Ordinal);
    }
}
