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
        var preferences = new Option<string[]>("--preferences")
        {
            Description = "Label cases from preference data too (pairs.jsonl or the dashboard's alignlab-preferences.db): an answer preferred to a "
                + "refusal makes the prompt benign, a refusal preferred to an answer harmful; other pairs give no label.",
            AllowMultipleArgumentsPerToken = true,
        };
        var from = new Option<string?>("--from")
        {
            Description = "With --audit or --preferences: first day of the labelled cases (yyyy-MM-dd, UTC).",
        };
        var to = new Option<string?>("--to") { Description = "With --audit or --preferences: last day (yyyy-MM-dd, UTC, inclusive)." };
        var cmd = new Command("false-positives", "Run the input guard over benign and contrast cases and explain the ones it stops: causes, trigger phrases, examples, suggested fixes.")
        {
            policy, context, profile, classifier, noClassifier, top, json, output, review, preferences, from, to,
        };
        audit.AddTo(cmd);
        suites.AddTo(cmd);
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var outPath = parse.GetValue(output) is { } o
                ? OutputFile.Prepare(o, "--output", [(parse.GetValue(policy), "--policy file"), .. suites.InputFiles(parse)])
                : null;
            // Every option is checked before the policy and the classifier load, so a usage error is immediate.
            var labels = FalsePositiveLabels.Check(audit.Resolve(parse), parse.GetValue(review), parse.GetValue(preferences),
                parse.GetValue(from), parse.GetValue(to));
            var n = parse.GetValue(top);
            if (n < 0)
            {
                throw new CliUsageException("--top must be 0 or more");
            }

            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var evaluation = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile) };
            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));
            var problems = engine.CheckSelection(evaluation.Context, evaluation.Profile);
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            IEnumerable<EvalCase> cases;
            IReadOnlyList<string> sources;
            SuiteSet? set = null;
            if (labels.Any)
            {
                var (labelled, source) = await labels.ReadAsync(ctx, cancellationToken).ConfigureAwait(false);
                if (labelled.Count == 0)
                {
                    if (labels.From is null && labels.To is null)
                    {
                        throw new CliUsageException(labels.NothingMessage());
                    }

                    ctx.Error.WriteLine("alignlab: " + labels.NothingMessage());
                    return ExitCodes.Failed;
                }

                cases = labelled;
                sources = [source];
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
