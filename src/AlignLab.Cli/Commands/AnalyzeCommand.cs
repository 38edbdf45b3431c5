using System.CommandLine;
using System.Globalization;
using AlignLab.Cli.Files;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Analysis;
using AlignLab.Evaluation.Suites;
using AlignLab.Rules;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab analyze false-positives</c>: runs the input guard over benign and contrast cases and explains the ones it
/// stops: grouped by the deciding rule or classifier category, with the phrases involved, examples and a suggested fix.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("analyze", "Analyse evaluation results: explain what causes false positives.");
        cmd.Subcommands.Add(FalsePositives(ctx));
        return cmd;
    }

    private static Command FalsePositives(CliContext ctx)
    {
        var suites = SuiteArguments.Create($"{BundledSuites.Benign} and {BundledSuites.Contrast}");
        var policy = CommonOptions.Policy();
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var top = new Option<int>("--top", "-n") { Description = "Example prompts shown per cause.", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        var output = new Option<string?>("--output", "-o") { Description = "Also write the analysis as Markdown to this file." };
        var audit = new AuditLogOptions(
            "Label cases from the review queue kept with this audit log (SQLite file or postgres://… URL) instead of the suites: "
            + "approved items are false positives, rejected ones harmful.");
        var review = new Option<string?>("--review") { Description = "With --audit: the review queue file (default alignlab-review.db beside the audit log)." };
        var cmd = new Command("false-positives", "Run the input guard over benign and contrast cases and explain the ones it stops: causes, trigger phrases, examples, suggested fixes.")
        {
            policy, context, profile, classifier, noClassifier, top, json, output, review,
        };
        audit.AddTo(cmd);
        suites.AddTo(cmd);
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var outPath = parse.GetValue(output) is { } o
                ? OutputFile.Prepare(o, "--output", [(parse.GetValue(policy), "--policy file"), .. suites.InputFiles(parse)])
                : null;
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var n = parse.GetValue(top);
            if (n < 0)
            {
                throw new CliUsageException("--top must be 0 or more");
            }

            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));
            var evaluation = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile) };
            var problems = engine.CheckSelection(evaluation.Context, evaluation.Profile);
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            IEnumerable<EvalCase> cases;
            IReadOnlyList<string> sources;
            SuiteSet? set = null;
            if (audit.Resolve(parse) is { } auditLog)
            {
                var reviewed = await ReviewCasesAsync(auditLog, parse.GetValue(review), cancellationToken).ConfigureAwait(false);
                var approved = reviewed.Count(c => c.Label == CaseLabel.Benign);
                cases = reviewed;
                sources = [$"{ReviewLabeledCases.Suite} ({approved} approved, {reviewed.Count - approved} rejected)"];
            }
            else
            {
                set = suites.Load(parse, [BundledSuites.Benign, BundledSuites.Contrast]);
                cases = set;
                sources = [.. set.Suites.Select(s => s.Name)];
            }

            var report = FalsePositiveAnalyzer.Analyze(engine, cases, new FalsePositiveOptions { Evaluation = evaluation, Examples = n }, cancellationToken);
            if (set is not null)
            {
                SuiteArguments.ReportErrors(ctx, set);
            }

            if (report.SkippedHarmful > 0)
            {
                ctx.Error.WriteLine($"alignlab: {report.SkippedHarmful} harmful case(s) not analysed (false positives are benign or contrast cases); they are used to check the suggested exceptions");
            }

            if (outPath is not null)
            {
                OutputFile.WriteAllText(outPath, FalsePositiveMarkdown.ToMarkdown(report));
            }

            if (parse.GetValue(json))
            {
                ctx.Output.Write(FalsePositiveReportJson.Write(report));
            }
            else
            {
                Print(ctx, report, sources, parse.GetValue(output));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<IReadOnlyList<EvalCase>> ReviewCasesAsync(string auditLog, string? reviewFile, CancellationToken cancellationToken)
    {
        var queue = await AuditReportRun.OpenReviewAsync(auditLog, reviewFile, cancellationToken).ConfigureAwait(false)
            ?? throw new CliUsageException($"--audit {auditLog}: no review queue beside it (alignlab-review.db); give --review FILE");
        try
        {
            var cases = await ReviewLabeledCases.ReadAsync(queue, 10_000, cancellationToken).ConfigureAwait(false);
            return cases.Count > 0
                ? cases
                : throw new CliUsageException("the review queue holds no decided item yet: approve or reject some (alignlab review) to label false positives");
        }
        finally
        {
            if (queue is IAsyncDisposable d)
            {
                await d.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Print(CliContext ctx, FalsePositiveReport r, IReadOnlyList<string> suites, string? markdown)
    {
        var console = ctx.Console;
        console.MarkupLine($"[bold]AlignLab false-positive analysis[/]: policy [bold]{Markup.Escape(r.Policy)}[/] ({(r.Classifier ? "rules + classifier" : "rules only")}){Selection(r)}");
        console.MarkupLine($"suites: {Markup.Escape(string.Join(", ", suites))}; {r.Cases:N0} benign/contrast cases; [bold]{r.FalsePositives:N0} false positives ({Pct(r.Rate)})[/]");
        if (r.Causes.Count == 0)
        {
            console.MarkupLine("[green]No benign case was stopped.[/]");
            WroteMarkdown(console, markdown);
            return;
        }

        var causes = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "cause", "kind", "action", "false positives", "share", "top phrases (cases)" })
        {
            causes.AddColumn(new TableColumn(h));
        }

        causes.Columns[3].RightAligned();
        causes.Columns[4].RightAligned();
        foreach (var c in r.Causes)
        {
            causes.AddRow(
                Markup.Escape(c.Id),
                FalsePositiveReportJson.KindName(c.Kind),
                Markup.Escape(c.Action),
                c.Count.ToString(CultureInfo.InvariantCulture),
                Pct(c.Share),
                Markup.Escape(FalsePositiveMarkdown.PhraseList(c.Phrases, 5)));
        }

        console.Write(causes);
        if (r.Causes.Any(c => c.Examples.Count > 0))
        {
            var examples = new Table().Border(TableBorder.Simple).Title("examples");
            examples.AddColumn("cause");
            examples.AddColumn(new TableColumn("case").NoWrap());
            examples.AddColumn("prompt");
            foreach (var c in r.Causes)
            {
                foreach (var e in c.Examples)
                {
                    examples.AddRow(Markup.Escape(c.Id), Markup.Escape(e.CaseId), Markup.Escape(e.Text));
                }
            }

            console.Write(examples);
        }

        var fixes = new Table().Border(TableBorder.Simple).Title("suggested fixes");
        fixes.AddColumn("cause");
        fixes.AddColumn("suggestion");
        foreach (var c in r.Causes)
        {
            fixes.AddRow(Markup.Escape(c.Id), Markup.Escape(c.Suggestion));
        }

        console.Write(fixes);
        console.MarkupLine("[dim]a false positive is a benign or contrast case the input guard redirected, refused, escalated or blocked; phrases are counted once per case[/]");
        WroteMarkdown(console, markdown);
    }

    private static void WroteMarkdown(IAnsiConsole console, string? path)
    {
        if (path is not null)
        {
            console.MarkupLine($"markdown: {Markup.Escape(path)}");
        }
    }

    private static string Selection(FalsePositiveReport r) =>
        (r.Context is null ? string.Empty : $", context {Markup.Escape(r.Context)}") + (r.Profile is null ? string.Empty : $", profile {Markup.Escape(r.Profile)}");

    private static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
