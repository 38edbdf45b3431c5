using System.CommandLine;
using AlignLab.Evaluation.Reports;
using AlignLab.Server.Audit.Analytics;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab report DIR</c> re-renders a run's reports; <c>alignlab report --compare A B</c> shows the deltas between two runs;
/// <c>alignlab report --audit DB --from DAY --to DAY</c> reports on an audit log (<see cref="AuditReportRun"/>).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var dir = new Argument<string?>("dir") { Description = "A directory written by 'alignlab eval'.", Arity = ArgumentArity.ZeroOrOne };
        var compare = new Option<string[]>("--compare") { Description = "Two run directories A B: print B − A per strategy and metric, and write compare.html into B.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var audit = new AuditLogOptions("An audit log (SQLite file or postgres://… URL): write the audit analytics report.");
        var from = new Option<string?>("--from") { Description = "With --audit: first day (yyyy-MM-dd, UTC)." };
        var to = new Option<string?>("--to") { Description = "With --audit: last day (yyyy-MM-dd, UTC, inclusive)." };
        var metrics = new Option<string[]>("--metrics") { Description = $"With --audit: the sections ({string.Join(", ", AuditMetrics.All)}; default all).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--output", "-o") { Description = "With --audit: the directory for audit-report.html, .md and .json (default ./audit-report)." };
        var refFrom = new Option<string?>("--reference-from") { Description = "With --audit: first day of the drift reference window (default --from)." };
        var refTo = new Option<string?>("--reference-to") { Description = "With --audit: last day of the reference window (default its first day)." };
        var review = new Option<string?>("--review") { Description = "With --audit: the review queue (SQLite); default alignlab-review.db beside a SQLite audit log, or the same PostgreSQL database." };
        var cmd = new Command("report", "Re-render the reports of an eval run, compare two runs, or report on an audit log.")
        {
            dir, compare, from, to, metrics, output, refFrom, refTo, review,
        };
        audit.AddTo(cmd);
        cmd.SetAction((parse, cancellationToken) =>
        {
            if (audit.Resolve(parse) is { } auditLog)
            {
                var args = new AuditReportArguments(auditLog, parse.GetValue(from), parse.GetValue(to))
                {
                    Metrics = parse.GetValue(metrics),
                    Output = parse.GetValue(output),
                    ReferenceFrom = parse.GetValue(refFrom),
                    ReferenceTo = parse.GetValue(refTo),
                    Review = parse.GetValue(review),
                };
                return AuditReportRun.RunAsync(ctx, args, cancellationToken);
            }

            return Task.FromResult(Rerender(ctx, parse, dir, compare));
        });
        return cmd;
    }

    private static int Rerender(CliContext ctx, ParseResult parse, Argument<string?> dir, Option<string[]> compare)
    {
        if (parse.GetValue(compare) is { Length: 2 } pair)
        {
            var a = EvalRun.Rerender(pair[0]);
            var b = EvalRun.Rerender(pair[1]);
            var comparison = ComparisonReport.Compare(a, b);
            if (comparison.Warning is { } warning)
            {
                ctx.Error.WriteLine("alignlab: warning: " + warning);
            }

            ctx.Output.WriteLine(comparison.ToMarkdown());
            var html = Path.Combine(pair[1], "compare.html");
            using (var writer = new StreamWriter(html))
            {
                comparison.WriteHtml(writer);
            }

            ctx.Output.WriteLine($"wrote {Path.GetFullPath(html)}");
            return ExitCodes.Ok;
        }

        var path = parse.GetValue(dir) ?? throw new CliUsageException("give a run directory, or --compare A B");
        var summary = EvalRun.Rerender(path);
        ctx.Output.WriteLine($"re-rendered run {summary.RunId}: {Path.GetFullPath(Path.Combine(path, EvalRun.HtmlFile))}");
        return ExitCodes.Ok;
    }
}
