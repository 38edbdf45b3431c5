using System.Collections.Immutable;
using System.Globalization;
using AlignLab.Adversarial;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Orchestration;
using AlignLab.Evaluation.Principles;
using AlignLab.Evaluation.Reports;
using AlignLab.Providers.Clients;
using AlignLab.Runtime.Evaluation;
using AlignLab.Storage;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>One <c>alignlab eval</c> run: cases → strategies → results.jsonl (appended as they finish) → summary and reports.</summary>
internal static class EvalRun
{
    /// <summary>Why a strategy, the capability suites or BBQ cannot run: no model was given (the report shows it as a badge).</summary>
    public const string NeedsModel = "needs --model";

    public const string ResultsFile = EvalRunFiles.Results;
    public const string SummaryFile = EvalRunFiles.Summary;
    public const string HtmlFile = EvalRunFiles.Html;
    public const string MarkdownFile = EvalRunFiles.Markdown;
    public const string JUnitFile = EvalRunFiles.JUnit;

    public static async Task<int> RunAsync(CliContext ctx, EvalCommand.EvalSettings settings, Constitution constitution,
        SafetyClassifier? classifier, IChatClient? model, string? modelName, IReadOnlyCollection<string>? selected,
        Runtime.Detectors.IGuardDetector? outputJudge, CancellationToken cancellationToken)
    {
        using var reachability = model is null ? null : new ModelReachability(model);
        model = reachability ?? model;
        IReadOnlyList<IPromptTransform> transforms = [];
        if (!settings.Attacks.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
            && !PromptTransforms.TryParse(settings.Attacks, out transforms, out var attackError))
        {
            throw new CliUsageException("--attacks: " + attackError);
        }

        var suiteSet = SuiteArguments.Load(settings.Suites, settings.SuiteOptions);
        var (strategies, needModel) = EvalStrategies.Create(constitution, classifier, model,
            spec => ChatPipeline.CreateClient(spec, $"the policy's model {spec}"), selected, settings.KeepTraces, outputJudge);
        var started = TimeProvider.System.GetUtcNow();
        var runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        using var runDirectory = settings.Output is { } output
            ? EvalRunDirectory.Lock(output, runId)
            : EvalRunDirectory.Claim(AlignLabHome.EvalResults, runId);
        var dir = runDirectory.Path;
        var capabilitySettings = settings.Capability;
        var session = new EvaluationSession(new EvalSessionOptions
        {
            Directory = dir,
            RunId = runDirectory.RunId,
            StartedAt = started,
            Policy = constitution.Name,
            Model = modelName,
            ModelIdentity = settings.Model,
            Judge = settings.Judge,
            Suites = suiteSet,
            SuiteOptions = settings.SuiteOptions,
            Attacks = transforms,
            Strategies = strategies,
            Unavailable = needModel.ToImmutableDictionary(n => n, _ => NeedsModel, StringComparer.Ordinal),
            Gates = [.. settings.Gates],
            Seed = settings.Seed,
            Concurrency = settings.Concurrency,
            Resume = settings.Resume,
            ModelWatch = reachability,
            Capability = capabilitySettings is null ? null
                : ct => EvalCapability.RunAsync(capabilitySettings, strategies, model is not null, dir, settings.Concurrency, settings.Seed, ct),
            PrincipleAdherence = settings.PrincipleJudge is not { } principleJudge ? null
                : (strategy, ct) => PrincipleAdherenceRunner.RunAsync(Path.Combine(dir, ResultsFile), strategy, principleJudge, settings.Concurrency,
                    settings.PrincipleJudgeName, ct),
        });
        var resultsPath = session.ResultsPath;
        if (session.HasResults && !settings.Resume)
        {
            throw new CliUsageException($"{resultsPath} already holds results: add --resume to continue that run, or choose another --output");
        }

        if (settings.Resume)
        {
            var differences = ResumeDifferences(session);
            if (differences.Count > 0)
            {
                throw new CliUsageException($"--resume: {dir} holds a run with a different configuration: {string.Join("; ", differences)}. "
                    + "Resume with the options of that run, or choose another --output");
            }
        }

        var resumed = session.Start();
        if (resumed.Resumed)
        {
            ctx.Error.WriteLine($"alignlab: resuming {dir}: {resumed.Completed} result(s) already done"
                + (resumed.TornBytes > 0 ? $", cut a torn last line ({resumed.TornBytes} bytes)" : ""));
        }

        if (ctx.Console.Profile.Capabilities.Interactive && !settings.Json)
        {
            await ctx.Console.Progress()
                .Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("evaluating", maxValue: Math.Max(1, session.EstimateCases()));
                    var report = new Progress<EvalProgress>(p => task.Value = p.CasesDone + p.CasesSkipped);
                    await session.RunCasesAsync(report, cancellationToken).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);
        }
        else
        {
            await session.RunCasesAsync(null, cancellationToken).ConfigureAwait(false);
        }

        SuiteArguments.ReportErrors(ctx, suiteSet);
        var result = await session.FinishAsync(cancellationToken).ConfigureAwait(false);
        var summary = result.Summary;
        if (settings.Json)
        {
            ctx.Output.WriteLine(EvalReportJson.WriteSummary(summary));
        }
        else
        {
            PrintSummary(ctx, summary, dir, settings.Concurrency);
        }

        if (result.Unreachable)
        {
            ctx.Error.WriteLine($"alignlab: the model {modelName} could not be reached: its first {ModelReachability.Threshold} calls all "
                + $"failed to connect ({reachability!.LastError}); stopped the run. Finished cases are kept in {resultsPath}; "
                + "fix the endpoint and rerun with "
                + $"--output {dir} --resume to continue.");
            return ExitCodes.Failed;
        }

        if (result.Cancelled)
        {
            ctx.Error.WriteLine($"alignlab: cancelled; finished cases are kept in {resultsPath}. Rerun with --output {dir} --resume to continue.");
            return ExitCodes.Cancelled;
        }

        if (result.Errors > 0)
        {
            ctx.Error.WriteLine($"alignlab: {result.Errors} case(s) failed with errors (each is in its rate's total but never counted as "
                + $"blocked or refused); see {resultsPath}");
            foreach (var st in summary.Strategies.Where(st => st.Errors > 0))
            {
                ctx.Error.WriteLine($"  {st.Strategy}: {st.Errors} of {st.Cases} case(s) errored"
                    + (result.FirstErrors.GetValueOrDefault(st.Strategy) is { } first ? $", e.g. {Truncate(first, 400)}" : ""));
            }
        }

        foreach (var g in result.FailedGates)
        {
            var value = g.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "not measured";
            ctx.Error.WriteLine($"alignlab: gate failed: {g.Metric} = {value} (must be {(g.Comparison == "under" ? "≥" : "≤")} "
                + $"{g.Bound.ToString(CultureInfo.InvariantCulture)})");
        }

        return result.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Re-renders the reports of an existing run directory from its summary.json and results.jsonl.</summary>
    public static EvalSummary Rerender(string dir)
    {
        var summaryPath = Path.Combine(dir, SummaryFile);
        if (!File.Exists(summaryPath))
        {
            throw new CliUsageException($"{summaryPath} not found: give a directory written by 'alignlab eval'");
        }

        return EvalRunFiles.Rerender(dir);
    }

    private static IReadOnlyList<string> ResumeDifferences(EvaluationSession session)
    {
        try
        {
            return session.ResumeDifferences();
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException(ex.Message + ": choose another --output");
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static void PrintSummary(CliContext ctx, EvalSummary s, string dir, int concurrency)
    {
        var console = ctx.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 150); // logs and CI: one line per strategy
        }
        var model = s.Model is null ? "no model (guard only)" : "model " + Markup.Escape(s.Model);
        console.MarkupLine($"[bold]AlignLab eval[/] run {Markup.Escape(s.RunId)}: policy [bold]{Markup.Escape(s.Policy)}[/], {model}");
        var attacks = s.Attacks.IsEmpty ? "none" : Markup.Escape(string.Join(", ", s.Attacks));
        var suites = Markup.Escape(string.Join(", ", s.Suites));
        console.MarkupLine($"suites: {suites}; attacks: {attacks}; {s.Cases:N0} cases; {s.DurationSeconds:0.0} s");
        var table = new Table();
        string[] headers =
        [
            "strategy", "harmful blocked", "false positives", "over-refusal", "interventions", "attack success", "p50 latency", "added p50",
            "errors",
        ];
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header).NoWrap());
        }

        table.Border(TableBorder.Simple);
        foreach (var st in s.Strategies)
        {
            if (!st.Available)
            {
                table.AddRow([
                    Markup.Escape(st.Strategy), $"[dim]{Markup.Escape(st.UnavailableReason ?? "not run")}[/]", .. Enumerable.Repeat("[dim]–[/]", 7)]);
                continue;
            }

            table.AddRow(
                Markup.Escape(st.Strategy),
                Pct(st.HarmfulBlocked),
                Pct(st.FalsePositives),
                Pct(st.OverRefusal),
                Pct(st.Interventions),
                Pct(st.AttackSuccessTransformed),
                Ms(st.LatencyP50Ms),
                st.AddedLatencyP50Ms is { } added ? SignedMs(added) : "–",
                st.Errors.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var g in s.Gates)
        {
            var verdict = g.Passed ? "[green]pass[/]" : g.Value is null ? "[red]FAIL[/] (not measured)" : "[red]FAIL[/]";
            console.MarkupLine(
                $"gate {Markup.Escape(g.Metric)} {(g.Comparison == "under" ? "≥" : "≤")} {g.Bound.ToString(CultureInfo.InvariantCulture)}: "
                + verdict);
        }

        PrintCapability(console, s);
        PrintPrincipleAdherence(console, s);
        console.MarkupLine("[dim]rates: % of cases ± the wider side of the 95% Wilson interval (full ranges in report.html and report.md); "
            + "harmful blocked, false positives and over-refusal are on the cases as written; attack success is on the transformed variants "
            + "only, every transform pooled (report.md and report.html compare each transform with the same requests as written)[/]");
        console.MarkupLine($"[dim]{Markup.Escape(LatencyNote(concurrency))}[/]");
        console.MarkupLine($"reports: {Markup.Escape(Path.Combine(dir, HtmlFile))} (+ {SummaryFile}, {ResultsFile}, {MarkdownFile}, {JUnitFile})");
    }

    private static void PrintPrincipleAdherence(IAnsiConsole console, EvalSummary s)
    {
        if (s.PrincipleAdherence is not { } a)
        {
            return;
        }

        console.MarkupLine(Markup.Escape(
            $"principle adherence of the {a.Strategy} answers ({a.Answers}; judge {a.Judge}; {a.Errors} judge error(s)):"));
        foreach (var p in a.Principles)
        {
            var r = p.Follows;
            console.MarkupLine(Markup.Escape(r.Total == 0
                ? $"  {p.Principle}: not judged"
                : string.Create(CultureInfo.InvariantCulture,
                    $"  {p.Principle}: {r.Rate * 100:0.0}% follow it ({r.Successes}/{r.Total}, 95% CI {r.Low * 100:0.0}–{r.High * 100:0.0}%)")));
        }
    }

    private static void PrintCapability(IAnsiConsole console, EvalSummary s)
    {
        foreach (var note in s.CapabilityNotes)
        {
            console.MarkupLine($"[yellow]capability[/]: {Markup.Escape(note)}");
        }

        var rows = s.Strategies.Where(st => st.Available && st.Capability is not null).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple);
        var tasks = s.CapabilityTasks.Where(t => rows.Any(r => r.Capability!.Tasks.ContainsKey(t))).ToList();
        string[] headers = ["strategy", "harmful blocked", "capability", "Δ vs baseline", "benign refusal", .. tasks, "errors"];
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).NoWrap());
        }

        foreach (var st in rows)
        {
            var c = st.Capability!;
            table.AddRow([
                Markup.Escape(st.Strategy), Pct(st.HarmfulBlocked), Score(c.Score, signed: false), Score(c.Delta, signed: true), Pct(c.BenignRefusal),
                .. tasks.Select(t => c.Tasks.GetValueOrDefault(t) is { } v ? Percent(v.Value) + "%" : "–"),
                c.Errors.ToString(CultureInfo.InvariantCulture)]);
        }

        console.Write(table);
        console.MarkupLine("[dim]capability: mean accuracy over the tasks; Δ in percentage points against the baseline on the same items "
            + "(95% paired bootstrap); benign refusal on the capability prompts; per-task accuracy (intervals in report.html); helpfulness is the "
            + "win-rate against the baseline (50% = parity)[/]");
    }

    private static string Score(Evaluation.Capability.ScoreInterval? v, bool signed) =>
        v is null ? "–"
        : signed ? $"{(v.Value >= 0 ? "+" : "−")}{Percent(Math.Abs(v.Value))} pp [dim][[{Percent(v.Low)}, {Percent(v.High)}]][/]"
        : $"{Percent(v.Value)}% [dim]±{Percent(Math.Max(v.Value - v.Low, v.High - v.Value))}[/]";

    private static string Pct(RateEstimate? r) =>
        r is null ? "–" : $"{Percent(r.Rate)}% [dim]±{Percent(Math.Max(r.Rate - r.Low, r.High - r.Rate))}[/]";

    /// <summary>A share as a percentage with one decimal (0.1234 → 12.3).</summary>
    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>What the latency columns measure, and how they differ from <c>alignlab profile</c>'s.</summary>
    internal static string LatencyNote(int concurrency) =>
        $"latency: wall time of each case through each strategy while {concurrency} case(s) run at once, from the first case on (no warm-up), "
        + "so it includes the model call, waiting for a CPU, garbage collection and the first calls' compilation; added p50 = the strategy's p50 "
        + "minus baseline's (the model alone) on the same cases, what its guard stages add around the model (below zero when that is less than "
        + "the run-to-run noise; guard_only calls no model, so nothing is added); the guard's own time per stage, on one warmed-up thread: "
        + "alignlab profile";

    internal static string Ms(double ms) =>
        ms < 0 ? "-" + Ms(-ms)
        : ms >= 100 ? string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms")
        : ms >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{ms * 1000:0} µs");

    /// <summary>A latency difference with its sign: +1.6 ms, -997 µs, ±0 µs (under half a microsecond either way).</summary>
    internal static string SignedMs(double ms) => Math.Abs(ms) < 0.0005 ? "±0 µs" : ms > 0 ? "+" + Ms(ms) : Ms(ms);
}
