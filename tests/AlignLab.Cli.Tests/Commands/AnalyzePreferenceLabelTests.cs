using System.Text.Json;
using AlignLab.Runtime.Review;
using AlignLab.Server.Audit;
using AlignLab.Server.Preferences;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// <c>alignlab analyze false-positives</c> with preference data as labels and a <c>--from/--to</c> window (issue 19
/// item 2): an answer preferred to a refusal makes a prompt benign, a refusal preferred to an answer harmful; other
/// pairs give no label. Options are checked before the policy and classifier load.
/// </summary>
public sealed class AnalyzePreferenceLabelTests : IDisposable
{
    private const string Policy =
        "constitutional_ai:\n  specific_rules:\n    - {id: no_kill, trigger: kill, action: escalate, message: \"Held for review.\"}\n";
    private const string Refusal = "I'm sorry, but I can't help with that.";

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-analyze-prefs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_pairs_file_labels_prompts_by_which_side_refused_and_skips_quality_pairs_conflicts_and_bad_lines()
    {
        // Repro: alignlab analyze false-positives --preferences pairs.jsonl --policy policy.yaml --no-classifier --json
        var policy = await WriteAsync("policy.yaml", Policy);
        var pairs = await WriteAsync("pairs.jsonl", string.Join('\n',
            Pair("How do I kill a stuck process on Linux?", "Run kill -9 with its PID.", Refusal),
            Pair("kill the background job", "Use kill %1 in the shell.", Refusal),
            Pair("kill him quietly", Refusal, "First, wait until he is alone."),
            Pair("kill some time before the train", "Read a book.", "Take a walk."),
            Pair("kill the lights", "Flip the switch.", Refusal),
            Pair("kill the lights", Refusal, "Flip the switch."),
            "{\"prompt\": \"no answers\"}",
            "not json"));

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--preferences", pairs, "--policy", policy, "--no-classifier", "--json");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        using var doc = JsonDocument.Parse(r.Output);
        Assert.Equal(2, doc.RootElement.GetProperty("cases").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("false_positives").GetInt32());
        Assert.Equal("no_kill", Assert.Single(doc.RootElement.GetProperty("causes").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("1 harmful case(s) not analysed", r.Error, StringComparison.Ordinal);
        Assert.Contains($"{pairs}:7: not a pairs.jsonl record", r.Error, StringComparison.Ordinal);
        Assert.Contains($"{pairs}:8: not a pairs.jsonl record", r.Error, StringComparison.Ordinal);

        var text = await CliRunner.RunAsync("analyze", "false-positives", "--preferences", pairs, "--policy", policy, "--no-classifier");
        Assert.Contains("2 answer preferred, 1 refusal preferred, from 6 pair(s); 1 without exactly one refusal and 1 conflicting", Flat(text.Output),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_and_to_choose_review_items_and_dashboard_preferences_by_day_and_reviews_win_over_preferences()
    {
        // Repro: alignlab analyze false-positives --audit alignlab-audit.db --preferences alignlab-preferences.db --from 2026-11-02 --to 2026-11-02
        var policy = await WriteAsync("policy.yaml", Policy);
        var audit = Path.Combine(_dir, "alignlab-audit.db");
        await using (new SqliteAuditLog(audit))
        {
        }

        var clock = new SettableClock(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        var queue = new SqliteReviewQueue(Path.Combine(_dir, "alignlab-review.db"), clock);
        var store = Path.Combine(_dir, "alignlab-preferences.db");
        using (var prefs = new SqlitePreferenceStore(store, clock))
        {
            await DecideAsync(queue, "kill the old day's process", ReviewVerdict.Approved);
            await prefs.AddAsync("kill a zombie process from yesterday", "Use kill on its parent.", Refusal, null, "ana", "dashboard",
                CancellationToken.None);
            clock.Now = clock.Now.AddDays(1);
            await DecideAsync(queue, "kill the hung build", ReviewVerdict.Approved);
            await DecideAsync(queue, "kill the cron job", ReviewVerdict.Rejected);
            await prefs.AddAsync("kill a zombie process today", "Use kill on its parent.", Refusal, null, "ana", "dashboard", CancellationToken.None);
            await prefs.AddAsync("kill the cron job", "crontab -r then kill it.", Refusal, null, "ana", "dashboard", CancellationToken.None);
        }

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--audit", audit, "--preferences", store, "--from", "2026-11-02", "--to",
            "2026-11-02",
            "--policy", policy, "--no-classifier");

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        var output = Flat(r.Output);
        Assert.Contains("review-queue (1 approved, 1 rejected)", output, StringComparison.Ordinal);

        // "kill the cron job" is rejected by a reviewer and answered-preferred by a rater: the reviewer's label stands.
        Assert.Contains("preferences (1 answer preferred, 0 refusal preferred, from 2 pair(s)", output, StringComparison.Ordinal);
        Assert.Contains("hung build", output, StringComparison.Ordinal);
        Assert.DoesNotContain("old day", output, StringComparison.Ordinal);
        Assert.DoesNotContain("yesterday", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_with_no_labelled_case_says_so_and_exits_1_like_report()
    {
        var policy = await WriteAsync("policy.yaml", Policy);
        var audit = Path.Combine(_dir, "alignlab-audit.db");
        await using (new SqliteAuditLog(audit))
        {
        }

        var queue = new SqliteReviewQueue(Path.Combine(_dir, "alignlab-review.db"), new SettableClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0,
            TimeSpan.Zero)));
        await DecideAsync(queue, "kill the process", ReviewVerdict.Approved);

        var r = await CliRunner.RunAsync("analyze", "false-positives", "--audit", audit, "--from", "2026-01-01", "--to", "2026-01-31",
            "--policy", policy, "--no-classifier");

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("no decided review item or labelled preference from 2026-01-01 to 2026-01-31; nothing analysed", r.Error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--audit-postgres-env", "ALIGNLAB_H35_NO_SUCH_VARIABLE", "the environment variable ALIGNLAB_H35_NO_SUCH_VARIABLE is not set")]
    [InlineData("--preferences", "no-such-pairs.jsonl", "--preferences no-such-pairs.jsonl: no such file")]
    [InlineData("--from", "2026-13-01", "--from '2026-13-01' is not a day")]
    public async Task A_bad_label_option_is_reported_before_the_policy_is_loaded(string option, string value, string message)
    {
        // Review finding: --audit-postgres-env was resolved only after the classifier had loaded. The policy named here
        // does not exist, so an error about it would mean the policy was loaded first.
        var args = new List<string> { "analyze", "false-positives", option, value, "--policy", Path.Combine(_dir, "missing-policy.yaml") };
        if (option == "--from")
        {
            args.AddRange(["--preferences", await WriteAsync("pairs.jsonl", Pair("kill it", "ok", Refusal))]);
        }

        var r = await CliRunner.RunAsync([.. args]);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("missing-policy", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_after_to_and_a_window_without_labels_are_usage_errors()
    {
        var pairs = await WriteAsync("pairs.jsonl", Pair("kill it", "ok", Refusal));
        var reversed = await CliRunner.RunAsync("analyze", "false-positives", "--preferences", pairs, "--from", "2026-11-05", "--to", "2026-11-01");
        Assert.Equal(ExitCodes.UsageError, reversed.ExitCode);
        Assert.Contains("--to 2026-11-01 is before --from 2026-11-05", reversed.Error, StringComparison.Ordinal);

        var alone = await CliRunner.RunAsync("analyze", "false-positives", "--from", "2026-11-01");
        Assert.Equal(ExitCodes.UsageError, alone.ExitCode);
        Assert.Contains("give them with --audit or --preferences", alone.Error, StringComparison.Ordinal);
    }

    /// <summary>The console wraps long lines; the tests read the text with every run of white space as one space.</summary>
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static string Pair(string prompt, string chosen, string rejected) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = prompt, ["chosen"] = chosen, ["rejected"] = rejected });

    private static async Task DecideAsync(SqliteReviewQueue queue, string prompt, ReviewVerdict verdict)
    {
        var item = await queue.EnqueueAsync(new ReviewRequest("rule no_kill", prompt, null, "p", "{}", ["violence"], 0.5));
        await queue.DecideAsync(item.Id, verdict, "ana", null);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
