using System.Globalization;
using AlignLab.Runtime.Review;
using AlignLab.Server.Audit.Analytics;
using AlignLab.Server.Review;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab report --audit DB|postgres://… --from DAY --to DAY</c>: the audit analytics report. Bad input (dates, an
/// unknown metric, a missing or corrupt audit file, an unreachable server) is a usage error with a message and exit
/// code 2; a window without records writes nothing (so no earlier report is replaced) and exits 1.
/// </summary>
internal static class AuditReportRun
{
    public static async Task<int> RunAsync(CliContext ctx, AuditReportArguments args, CancellationToken cancellationToken)
    {
        var options = Options(args);
        var output = args.Output ?? "audit-report";
        await using var reader = await OpenAsync(args.Audit, cancellationToken).ConfigureAwait(false);
        var review = await OpenReviewAsync(args.Audit, args.Review, cancellationToken).ConfigureAwait(false);
        AuditReport report;
        try
        {
            report = await AuditAnalyzer.AnalyzeAsync(reader, options, review, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            throw new CliUsageException($"{reader.Description}: the audit log could not be read to the end ({e.Message}); nothing was written", e);
        }
        finally
        {
            if (review is IAsyncDisposable d)
            {
                await d.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (report.IsEmpty)
        {
            ctx.Error.WriteLine($"alignlab: no audit records from {options.From:yyyy-MM-dd} to {options.To:yyyy-MM-dd} in {reader.Description}; nothing written");
            return ExitCodes.Failed;
        }

        if (report.UnreadableTraces > 0)
        {
            ctx.Error.WriteLine($"alignlab: warning: {report.UnreadableTraces} record(s) had a trace that is not valid JSON (counted, but not in rules, categories or scores)");
        }

        var files = AuditReportWriter.WriteAll(report, output);
        var t = report.Totals;
        ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{t.Requests} records, block rate {t.BlockRate:P2}, error rate {t.ErrorRate:P2}, latency p95 {t.LatencyP95Ms:0.###} ms"));
        foreach (var f in files)
        {
            ctx.Output.WriteLine($"wrote {Path.GetFullPath(f)}");
        }

        return ExitCodes.Ok;
    }

    internal static AuditReportOptions Options(AuditReportArguments args)
    {
        var from = Day(args.From, "--from") ?? throw new CliUsageException("--audit needs --from DAY (yyyy-MM-dd, UTC)");
        var to = Day(args.To, "--to") ?? throw new CliUsageException("--audit needs --to DAY (yyyy-MM-dd, UTC)");
        var metrics = AuditMetrics.Parse(args.Metrics, out var unknown);
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"unknown --metrics {string.Join(", ", unknown)}; known: {string.Join(", ", AuditMetrics.All)}");
        }

        var options = new AuditReportOptions(from, to)
        {
            ReferenceFrom = Day(args.ReferenceFrom, "--reference-from"),
            ReferenceTo = Day(args.ReferenceTo, "--reference-to"),
            Metrics = metrics,
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliUsageException(string.Join("; ", problems));
        }

        if (to.DayNumber - from.DayNumber > 3660)
        {
            throw new CliUsageException("--from and --to are more than ten years apart");
        }

        return options;
    }

    internal static DateOnly? Day(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new CliUsageException($"{option} '{text}' is not a day: give yyyy-MM-dd (UTC)");
    }

    private static async Task<IAuditReader> OpenAsync(string audit, CancellationToken cancellationToken)
    {
        try
        {
            if (IsPostgres(audit))
            {
                return await PostgresAuditReader.OpenAsync(audit, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return SqliteAuditReader.Open(audit);
        }
        catch (AuditReaderException e)
        {
            throw new CliUsageException(e.Message, e);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CliUsageException($"--audit: {e.Message}", e);
        }
    }

    /// <summary>The review queue kept with an audit log: <paramref name="review"/>, else the same PostgreSQL database, else alignlab-review.db beside it.</summary>
    internal static async Task<IReviewQueue?> OpenReviewAsync(string audit, string? review, CancellationToken cancellationToken)
    {
        if (review is { } file)
        {
            return File.Exists(file) ? new SqliteReviewQueue(file) : throw new CliUsageException($"--review {file}: no such file");
        }

        if (IsPostgres(audit))
        {
            return await PostgresReviewQueue.OpenAsync(PostgresUrl.ToConnectionString(audit), null, cancellationToken).ConfigureAwait(false);
        }

        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(audit)) ?? ".", "alignlab-review.db");
        return File.Exists(beside) ? new SqliteReviewQueue(beside) : null;
    }

    private static bool IsPostgres(string audit) =>
        PostgresUrl.IsUrl(audit) || audit.Contains("Host=", StringComparison.OrdinalIgnoreCase);
}
