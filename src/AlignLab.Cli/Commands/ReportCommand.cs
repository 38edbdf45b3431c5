using System.CommandLine;
using AlignLab.Evaluation.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab report DIR</c> re-renders a run's reports; <c>alignlab report --compare A B</c> shows the deltas between two runs.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var dir = new Argument<string?>("dir") { Description = "A directory written by 'alignlab eval'.", Arity = ArgumentArity.ZeroOrOne };
        var compare = new Option<string[]>("--compare") { Description = "Two run directories A B: print B − A per strategy and metric, and write compare.html into B.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("report", "Re-render the reports of an eval run, or compare two runs.") { dir, compare };
        cmd.SetAction(parse =>
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
        });
        return cmd;
    }
}
