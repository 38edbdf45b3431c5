using AlignLab.Server.Audit;

namespace AlignLab.Cli.Tests.Commands;

/// <summary><c>alignlab report --audit DB --from DAY --to DAY</c> (issue 19 item 1) and its bad input.</summary>
public sealed class ReportAuditCommandTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-audit-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Report_audit_with_from_and_to_writes_html_markdown_and_json()
    {
        // Repro: alignlab report --audit audit.db --from 2026-11-30 --to 2026-12-01 --metrics volume,rates --output out
        var db = await AuditAsync(3);
        var output = Path.Combine(_dir, "out");

        var r = await CliRunner.RunAsync("report", "--audit", db, "--from", "2026-11-30", "--to", "2026-12-01", "--metrics", "volume,rates", "--output", output);

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        Assert.Contains("6 records", r.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "audit-report.html")));
        Assert.True(File.Exists(Path.Combine(output, "audit-report.md")));
        var json = await File.ReadAllTextAsync(Path.Combine(output, "audit-report.json"));
        Assert.Contains("\"metrics\": [", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"latency\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_range_with_no_records_says_so_and_leaves_an_earlier_report_in_place()
    {
        var db = await AuditAsync(1);
        var output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var earlier = Path.Combine(output, "audit-report.md");
        await File.WriteAllTextAsync(earlier, "an earlier report");

        var r = await CliRunner.RunAsync("report", "--audit", db, "--from", "2025-01-01", "--to", "2025-01-07", "--output", output);

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("no audit records from 2025-01-01 to 2025-01-07", r.Error, StringComparison.Ordinal);
        Assert.Equal("an earlier report", await File.ReadAllTextAsync(earlier));
        Assert.False(File.Exists(Path.Combine(output, "audit-report.json")));
    }

    [Fact]
    public async Task A_corrupt_audit_file_is_a_usage_error_and_is_not_changed()
    {
        var db = Path.Combine(_dir, "audit.db");
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(db, bytes);

        var r = await CliRunner.RunAsync("report", "--audit", db, "--from", "2026-11-30", "--to", "2026-12-01", "--output", Path.Combine(_dir, "out"));

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("not a readable SQLite audit database", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Error, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(db));
    }

    [Theory]
    [InlineData("--from 30/11/2026 --to 2026-12-01", "is not a day")]
    [InlineData("--from 2026-12-01 --to 2026-11-30", "is before --from")]
    [InlineData("--from 2026-11-30 --to 2026-12-01 --metrics volume,speed", "unknown --metrics speed")]
    [InlineData("--to 2026-11-30 --metrics volume", "--audit needs --from")]
    [InlineData("--from 2026-11-30 --to 2026-12-01 --reference-from 2026-11-30 --reference-to 2026-11-01", "the reference window ends before it starts")]
    public async Task Bad_dates_and_metrics_are_usage_errors(string options, string message)
    {
        var db = await AuditAsync(1);

        var r = await CliRunner.RunAsync(["report", "--audit", db, .. options.Split(' '), "--output", Path.Combine(_dir, "out")]);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_audit_file_is_a_usage_error_and_is_not_created()
    {
        var db = Path.Combine(_dir, "missing.db");

        var r = await CliRunner.RunAsync("report", "--audit", db, "--from", "2026-11-30", "--to", "2026-12-01");

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("no such audit database", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Audit_postgres_env_reads_the_audit_log_from_the_named_variable_so_no_password_is_on_the_command_line()
    {
        // Repro: AUDIT_DB=… alignlab report --audit-postgres-env AUDIT_DB --from … --to … (the variable may hold any audit log)
        var db = await AuditAsync(2);
        var variable = "ALIGNLAB_TEST_AUDIT_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, db);
        try
        {
            var r = await CliRunner.RunAsync("report", "--audit-postgres-env", variable, "--from", "2026-11-30", "--to", "2026-12-01",
                "--output", Path.Combine(_dir, "out"));

            Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
            Assert.Contains("4 records", r.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("report --from 2026-11-30 --to 2026-12-01")]
    [InlineData("analyze false-positives")]
    public async Task Audit_postgres_env_naming_an_unset_variable_is_a_usage_error_that_names_it(string command)
    {
        var variable = "ALIGNLAB_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var r = await CliRunner.RunAsync([.. command.Split(' '), "--audit-postgres-env", variable]);

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains($"the environment variable {variable} is not set", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_and_audit_postgres_env_together_are_a_usage_error()
    {
        var db = await AuditAsync(1);

        var r = await CliRunner.RunAsync("report", "--audit", db, "--audit-postgres-env", "PATH", "--from", "2026-11-30", "--to", "2026-12-01");

        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("give one of them", r.Error, StringComparison.Ordinal);
    }

    private async Task<string> AuditAsync(int perDay)
    {
        var path = Path.Combine(_dir, "audit.db");
        await using var log = new SqliteAuditLog(path);
        for (var day = 0; day < 2; day++)
        {
            for (var i = 0; i < perDay; i++)
            {
                var blocked = i == 0;
                await log.AppendAsync(new AuditRecord(Guid.NewGuid().ToString("N"), Monday.AddDays(day).AddMinutes(i), "key1", "moderations", "a",
                    "alignlab-default", "v1", blocked ? "block" : "allow", blocked, 200, 3 + i, null,
                    """{"policy":"alignlab-default","matches":[{"rule_id":"weapons.build","category":"weapons"}],"scores":{"unsafe":0.9}}"""),
                    CancellationToken.None);
            }
        }

        return path;
    }
}
