using System.CommandLine;
using System.Globalization;
using AlignLab.Evaluation.Profiling;
using AlignLab.Evaluation.Suites;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab profile</c>: where the input guard's time goes (normalisation, classifier, rules and decision) per case,
/// overall and by input length, over the chosen suites.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create(CliContext ctx)
    {
        var suites = SuiteArguments.Create("every bundled suite");
        var policy = CommonOptions.Policy();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var repeat = new Option<int>("--repeat", "-r") { Description = "Timed passes over the cases (after one untimed warm-up pass).", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        var cmd = new Command("profile", "Measure where the input guard's time goes per stage (normalise, classify, rules and decision) and by input length.")
        {
            policy, classifier, noClassifier, repeat, json,
        };
        suites.AddTo(cmd);
        cmd.SetAction((parse, cancellationToken) =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return Task.FromResult(ExitCodes.UsageError);
            }

            var passes = parse.GetValue(repeat);
            if (passes < 1)
            {
                throw new CliUsageException("--repeat must be 1 or more");
            }

            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));

            // Labels do not matter for timing: unlabelled files are read as benign.
            var set = suites.Load(parse, BundledSuites.Names, Evaluation.CaseLabel.Benign);
            var profile = GuardProfiler.Profile(engine, set, new GuardProfileOptions { Repeat = passes }, cancellationToken);
            SuiteArguments.ReportErrors(ctx, set);
            if (profile.Cases == 0)
            {
                throw new CliUsageException("the suites have no cases to profile");
            }

            if (parse.GetValue(json))
            {
                ctx.Output.Write(GuardProfileJson.Write(profile));
            }
            else
            {
                Print(ctx, profile, [.. set.Suites.Select(s => s.Name)]);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static void Print(CliContext ctx, GuardProfile p, IReadOnlyList<string> suites)
    {
        var console = ctx.Console;
        console.MarkupLine($"[bold]AlignLab guard profile[/]: policy [bold]{Markup.Escape(p.Policy)}[/] ({(p.Classifier ? "rules + classifier" : "rules only")})");
        console.MarkupLine($"suites: {Markup.Escape(string.Join(", ", suites))}; {p.Cases:N0} cases × {p.Repeat} pass(es){(p.WarmUp ? " after a warm-up pass" : "")}; [bold]{p.CasesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} cases/s[/] on one thread");
        var stages = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "stage", "p50", "p95", "mean", "max", "share" })
        {
            stages.AddColumn(new TableColumn(h).RightAligned());
        }

        stages.Columns[0].LeftAligned();
        foreach (var s in p.Stages)
        {
            var name = s.Stage switch
            {
                StageTiming.Normalize => "normalise",
                StageTiming.Classify => "classifier",
                StageTiming.RulesAndDecision => "rules + decision",
                _ => "[bold]whole guard[/]",
            };
            stages.AddRow(name, Us(s.P50Us), Us(s.P95Us), Us(s.MeanUs), Us(s.MaxUs), (s.Share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%");
        }

        console.Write(stages);
        var buckets = new Table().Border(TableBorder.Simple).Title("whole guard by input length (characters)");
        foreach (var h in new[] { "length", "cases", "p50", "p95", "mean", "max", "normalise p50", "classifier p50" })
        {
            buckets.AddColumn(new TableColumn(h).RightAligned());
        }

        buckets.Columns[0].LeftAligned();
        foreach (var b in p.Buckets)
        {
            var e = b.Evaluate;
            buckets.AddRow(
                Markup.Escape(b.Label),
                b.Cases.ToString("N0", CultureInfo.InvariantCulture),
                Us(e?.P50Us),
                Us(e?.P95Us),
                Us(e?.MeanUs),
                Us(e?.MaxUs),
                Us(b.Stages.FirstOrDefault(s => s.Stage == StageTiming.Normalize)?.P50Us),
                Us(b.Stages.FirstOrDefault(s => s.Stage == StageTiming.Classify)?.P50Us));
        }

        console.Write(buckets);
        console.MarkupLine("[dim]per case, single-threaded; each stage is timed inside the same guard call, so the stages add up to the whole guard (means and shares; percentiles do not add)[/]");
        console.MarkupLine("[dim]this is the guard alone, warmed up, one case at a time, on the cases as written; alignlab eval's latency columns are the wall time "
            + "of each case under --concurrency from the first case on, attack variants and the model call included, so they are higher[/]");
    }

    private static string Us(double? us) => us switch
    {
        null => "–",
        >= 1000 => (us.Value / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 100 => us.Value.ToString("0", CultureInfo.InvariantCulture) + " µs",
        _ => us.Value.ToString("0.0", CultureInfo.InvariantCulture) + " µs",
    };
}
