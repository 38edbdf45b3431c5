using System.Collections.Immutable;
using System.Globalization;
using AlignLab.Adversarial;
using AlignLab.Classification;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Reports;
using AlignLab.Evaluation.Suites;
using AlignLab.IO;
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

    public const string ResultsFile = "results.jsonl";
    public const string SummaryFile = "summary.json";
    public const string HtmlFile = "report.html";
    public const string MarkdownFile = "report.md";
    public const string JUnitFile = "junit.xml";
    private const int MaxSample = 200;

    public static async Task<int> RunAsync(CliContext ctx, EvalCommand.EvalSettings settings, Constitution.Constitution constitution, SafetyClassifier? classifier,
        IChatClient? model, string? modelName, IReadOnlyCollection<string>? selected, Runtime.Detectors.IGuardDetector? outputJudge, CancellationToken cancellationToken)
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

        var (strategies, needModel) = EvalStrategies.Create(constitution, classifier, model, spec => ChatPipeline.CreateClient(spec, $"the policy's model {spec}"), selected, settings.KeepTraces, outputJudge);
        var started = TimeProvider.System.GetUtcNow();
        var runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        using var runDirectory = settings.Output is { } output ? EvalRunDirectory.Lock(output, runId) : EvalRunDirectory.Claim(AlignLabHome.EvalResults, runId);
        runId = runDirectory.RunId;
        var dir = runDirectory.Path;
        var resultsPath = Path.Combine(dir, ResultsFile);
        var config = new EvalRunConfig
        {
            RunId = runId,
            Policy = constitution.Name,
            Model = settings.Model,
            Judge = settings.Judge,
            Suites = [.. suiteSet.Suites.Select(s => s.Name)],
            SuiteLocations = [.. suiteSet.Suites.Select(s => s.IsBundled ? s.Location : Path.GetFullPath(s.Location))],
            Attacks = [.. transforms.Select(t => t.Name)],
            Strategies = [.. EvalStrategies.Names.Where(n => selected is null || selected.Contains(n))],
            Seed = settings.Seed,
            Columns = string.Create(CultureInfo.InvariantCulture, $"text {settings.SuiteOptions.TextColumn ?? "(auto)"}, label {settings.SuiteOptions.LabelColumn ?? "(auto)"}, category {settings.SuiteOptions.CategoryColumn ?? "(auto)"}, default label {settings.SuiteOptions.DefaultLabel?.ToString() ?? "none"}"),
        };

        var aggregator = new EvalAggregator();
        var distributions = new EvalDistributions();
        var sample = new NotableSample(MaxSample);
        var completed = new HashSet<(string, string)>();
        var firstErrors = new Dictionary<string, string>(StringComparer.Ordinal); // per strategy, for the closing message
        var hasResults = File.Exists(resultsPath) && new FileInfo(resultsPath).Length > 0;
        if (hasResults && !settings.Resume)
        {
            throw new CliUsageException($"{resultsPath} already holds results: add --resume to continue that run, or choose another --output");
        }

        if (settings.Resume && EvalRunConfig.Load(dir) is { } saved)
        {
            var differences = saved.DifferencesFrom(config);
            if (differences.Count > 0)
            {
                throw new CliUsageException($"--resume: {dir} holds a run with a different configuration: {string.Join("; ", differences)}. Resume with the options of that run, or choose another --output");
            }

            runId = saved.RunId;
            config = config with { RunId = runId };
        }

        config.Save(dir);
        if (hasResults)
        {
            var torn = EvalReportJson.TruncateTornTail(resultsPath);
            using var reader = new StreamReader(resultsPath);
            foreach (var r in EvalReportJson.ReadResults(reader).Read())
            {
                if (completed.Add((r.Strategy, r.CaseId)))
                {
                    Record(r, aggregator, distributions, sample);
                    NoteError(firstErrors, r);
                }
            }

            ctx.Error.WriteLine($"alignlab: resuming {dir}: {completed.Count} result(s) already done{(torn > 0 ? $", cut a torn last line ({torn} bytes)" : "")}");
        }

        // Every case is pulled once per run, resumed ones included: the fingerprint is of the whole test set.
        var fingerprint = new CaseSetFingerprint();
        IEnumerable<EvalCase> Cases()
        {
            foreach (var c in AllCases())
            {
                fingerprint.Add(c);
                yield return c;
            }
        }

        IEnumerable<EvalCase> AllCases()
        {
            foreach (var c in suiteSet)
            {
                yield return c;
            }

            if (transforms.Count == 0)
            {
                yield break;
            }

            // The expander pulls one parent, yields all its attacks, then pulls the next: the current parent is enough.
            EvalCase? parent = null;
            var harmful = suiteSet.Where(c => c.Label == CaseLabel.Harmful && c.Transform is null && c.Suite is not (BundledSuites.Jailbreaks or BundledSuites.Injections));
            foreach (var attack in AttackExpander.Expand(harmful.Select(c => { parent = c; return (c.Id, c.Text); }), transforms, settings.Seed))
            {
                yield return new EvalCase(attack.Id, attack.Text, CaseLabel.Harmful, parent!.Suite) { Category = parent.Category, ParentId = attack.ParentId, Transform = attack.Transform, Source = parent.Source };
            }
        }

        var startTimestamp = TimeProvider.System.GetTimestamp();
        var cancelled = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reachability?.Token ?? CancellationToken.None);
        await using (var stream = new FileStream(resultsPath, FileMode.Append, FileAccess.Write, FileShare.Read))
        await using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
        {
            // Until the model has answered once, its errored results are held back: if it turns out to be unreachable,
            // those cases were never evaluated, so they are not written and a --resume runs them.
            var held = new List<CaseResult>();
            async Task WriteAsync(CaseResult r, CancellationToken ct)
            {
                EvalReportJson.WriteResult(writer, r);
                await writer.FlushAsync(ct).ConfigureAwait(false); // one line at a time reaches the OS: a killed run keeps every finished case
                Record(r, null, distributions, sample);
                NoteError(firstErrors, r);
            }

            async Task ReleaseHeldAsync(CancellationToken ct)
            {
                foreach (var h in held)
                {
                    await WriteAsync(h, ct).ConfigureAwait(false);
                }

                held.Clear();
            }

            var runOptions = new EvalRunOptions
            {
                Concurrency = settings.Concurrency,
                Seed = settings.Seed,
                Completed = completed,
                OnResult = async (r, ct) =>
                {
                    if (reachability is { Reached: false } && r.Error is not null && r.Strategy != GuardOnlyStrategy.StrategyName)
                    {
                        held.Add(r);
                        return;
                    }

                    if (held.Count > 0 && reachability is { Reached: true })
                    {
                        await ReleaseHeldAsync(ct).ConfigureAwait(false);
                    }

                    await WriteAsync(r, ct).ConfigureAwait(false);
                },
            };

            try
            {
                if (ctx.Console.Profile.Capabilities.Interactive && !settings.Json)
                {
                    await ctx.Console.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask("evaluating", maxValue: Math.Max(1, EstimateCases(suiteSet, transforms.Count)));
                            runOptions.Progress = new Progress<EvalProgress>(p => task.Value = p.CasesDone + p.CasesSkipped);
                            await EvalRunner.RunAsync(Cases(), strategies, aggregator, runOptions, stop.Token).ConfigureAwait(false);
                            task.Value = task.MaxValue;
                        }).ConfigureAwait(false);
                }
                else
                {
                    await EvalRunner.RunAsync(Cases(), strategies, aggregator, runOptions, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                cancelled = true;
            }

            if (reachability is not { Unreachable: true })
            {
                await ReleaseHeldAsync(CancellationToken.None).ConfigureAwait(false); // real errors of a run that ended: kept
            }
        }

        SuiteArguments.ReportErrors(ctx, suiteSet);

        EvalCapability.Outcome? capability = null;
        var unreachable = reachability is { Unreachable: true } && !cancellationToken.IsCancellationRequested;
        if (settings.Capability is { } capabilitySettings && !cancelled)
        {
            try
            {
                capability = await EvalCapability.RunAsync(capabilitySettings, strategies, model is not null, dir, settings.Concurrency, settings.Seed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        var summaries = aggregator.Summarize(EvalStrategies.Names)
            .Select(s => capability?.Summaries.GetValueOrDefault(s.Strategy) is { } c ? s with { Capability = c } : s)
            .ToList();
        foreach (var name in needModel)
        {
            summaries.Add(new StrategySummary(name, false) { UnavailableReason = NeedsModel });
        }

        summaries = [.. summaries.OrderBy(s => IndexOf(s.Strategy))];
        var primary = summaries.Where(s => s.Available).OrderByDescending(s => s.Strategy == "full_pipeline").ThenBy(s => IndexOf(s.Strategy)).FirstOrDefault();
        // A gate on a run that measured nothing (no strategy could run, or no case was read) fails as "not measured".
        var gates = settings.Gates.Select(g => primary is null ? g.NotMeasured() : g.Check(primary)).ToImmutableArray();
        var summary = new EvalSummary
        {
            RunId = runId,
            StartedAt = started,
            DurationSeconds = Math.Round(TimeProvider.System.GetElapsedTime(startTimestamp).TotalSeconds, 3),
            Policy = constitution.Name,
            Model = modelName,
            Suites = [.. suiteSet.Suites.Select(s => s.Name)],
            Attacks = [.. transforms.Select(t => t.Name)],
            Seed = settings.Seed,
            Cases = summaries.Where(s => s.Available).Select(s => s.Cases).DefaultIfEmpty(0).Max(),
            CaseSet = cancelled || unreachable ? null : fingerprint.ToString(),
            Strategies = [.. summaries],
            Gates = gates,
            CapabilityTasks = capability?.Tasks ?? [],
            CapabilityNotes = capability?.Notes ?? [],
        };

        WriteReports(dir, summary, sample, distributions);
        if (settings.Json)
        {
            ctx.Output.WriteLine(EvalReportJson.WriteSummary(summary));
        }
        else
        {
            PrintSummary(ctx, summary, dir, settings.Concurrency);
        }

        if (unreachable)
        {
            ctx.Error.WriteLine($"alignlab: the model {modelName} could not be reached: its first {ModelReachability.Threshold} calls all failed to connect ({reachability!.LastError}); stopped the run. Finished cases are kept in {resultsPath}; fix the endpoint and rerun with --output {dir} --resume to continue.");
            return ExitCodes.Failed;
        }

        if (cancelled)
        {
            ctx.Error.WriteLine($"alignlab: cancelled; finished cases are kept in {resultsPath}. Rerun with --output {dir} --resume to continue.");
            return ExitCodes.Cancelled;
        }

        var errors = summaries.Sum(s => s.Errors);
        if (errors > 0)
        {
            ctx.Error.WriteLine($"alignlab: {errors} case(s) failed with errors (each is in its rate's total but never counted as blocked or refused); see {resultsPath}");
            foreach (var st in summaries.Where(st => st.Errors > 0))
            {
                ctx.Error.WriteLine($"  {st.Strategy}: {st.Errors} of {st.Cases} case(s) errored" + (firstErrors.GetValueOrDefault(st.Strategy) is { } first ? $", e.g. {Truncate(first, 400)}" : ""));
            }
        }

        var failedGates = gates.Where(g => !g.Passed).ToList();
        foreach (var g in failedGates)
        {
            ctx.Error.WriteLine($"alignlab: gate failed: {g.Metric} = {(g.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "not measured")} (must be {(g.Comparison == "under" ? "≥" : "≤")} {g.Bound.ToString(CultureInfo.InvariantCulture)})");
        }

        return failedGates.Count > 0 || errors > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Re-renders the reports of an existing run directory from its summary.json and results.jsonl.</summary>
    public static EvalSummary Rerender(string dir)
    {
        var summaryPath = Path.Combine(dir, SummaryFile);
        if (!File.Exists(summaryPath))
        {
            throw new CliUsageException($"{summaryPath} not found: give a directory written by 'alignlab eval'");
        }

        var summary = EvalReportJson.ReadSummaryFile(summaryPath);
        var distributions = new EvalDistributions();
        var sample = new NotableSample(MaxSample);
        var resultsPath = Path.Combine(dir, ResultsFile);
        if (File.Exists(resultsPath))
        {
            using var reader = new StreamReader(resultsPath);
            foreach (var r in EvalReportJson.ReadResults(reader).Read())
            {
                Record(r, null, distributions, sample);
            }
        }

        WriteReports(dir, summary, sample, distributions);
        return summary;
    }

    private static void NoteError(Dictionary<string, string> firstErrors, CaseResult r)
    {
        if (r.Error is { } error)
        {
            firstErrors.TryAdd(r.Strategy, error);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static void Record(CaseResult r, EvalAggregator? aggregator, EvalDistributions distributions, NotableSample sample)
    {
        aggregator?.Add(r);
        distributions.Add(r);
        sample.Add(r);
    }

    private static void WriteReports(string dir, EvalSummary summary, NotableSample sample, EvalDistributions distributions)
    {
        EvalReportJson.WriteSummaryFile(summary, Path.Combine(dir, SummaryFile));
        var shown = sample.Select();
        using (var html = new StreamWriter(Path.Combine(dir, HtmlFile)))
        {
            HtmlReportWriter.Write(summary, shown, html, new HtmlReportOptions { Distributions = distributions, NotableNote = sample.Describe(shown.Count) });
        }

        File.WriteAllText(Path.Combine(dir, MarkdownFile), MarkdownReportWriter.ToMarkdown(summary));
        JUnitReportWriter.WriteFile(summary, AllResults(dir), Path.Combine(dir, JUnitFile)); // every result counts, not the sample
    }

    /// <summary>Streams results.jsonl (the JUnit counts are those of every result, deduplicated as a resume does).</summary>
    private static IEnumerable<CaseResult> AllResults(string dir)
    {
        var path = Path.Combine(dir, ResultsFile);
        if (!File.Exists(path))
        {
            yield break;
        }

        var seen = new HashSet<(string, string)>();
        using var reader = new StreamReader(path);
        foreach (var r in EvalReportJson.ReadResults(reader).Read())
        {
            if (seen.Add((r.Strategy, r.CaseId)))
            {
                yield return r;
            }
        }
    }

    private static void PrintSummary(CliContext ctx, EvalSummary s, string dir, int concurrency)
    {
        var console = ctx.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 150); // logs and CI: one line per strategy
        }
        console.MarkupLine($"[bold]AlignLab eval[/] run {Markup.Escape(s.RunId)}: policy [bold]{Markup.Escape(s.Policy)}[/], {(s.Model is null ? "no model (guard only)" : "model " + Markup.Escape(s.Model))}");
        console.MarkupLine($"suites: {Markup.Escape(string.Join(", ", s.Suites))}; attacks: {(s.Attacks.IsEmpty ? "none" : Markup.Escape(string.Join(", ", s.Attacks)))}; {s.Cases:N0} cases; {s.DurationSeconds:0.0} s");
        var table = new Table();
        foreach (var header in new[] { "strategy", "harmful blocked", "false positives", "over-refusal", "interventions", "attack success", "p50 latency", "added p50", "errors" })
        {
            table.AddColumn(new TableColumn(header).NoWrap());
        }

        table.Border(TableBorder.Simple);
        foreach (var st in s.Strategies)
        {
            if (!st.Available)
            {
                table.AddRow(Markup.Escape(st.Strategy), $"[dim]{Markup.Escape(st.UnavailableReason ?? "not run")}[/]", "[dim]–[/]", "[dim]–[/]", "[dim]–[/]", "[dim]–[/]", "[dim]–[/]", "[dim]–[/]", "[dim]–[/]");
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
            console.MarkupLine($"gate {Markup.Escape(g.Metric)} {(g.Comparison == "under" ? "≥" : "≤")} {g.Bound.ToString(CultureInfo.InvariantCulture)}: {(g.Passed ? "[green]pass[/]" : g.Value is null ? "[red]FAIL[/] (not measured)" : "[red]FAIL[/]")}");
        }

        PrintCapability(console, s);
        console.MarkupLine("[dim]rates: % of cases ± the wider side of the 95% Wilson interval (full ranges in report.html and report.md); harmful blocked, false positives and over-refusal are on the cases as written; attack success is on the transformed variants only, every transform pooled (report.md and report.html compare each transform with the same requests as written)[/]");
        console.MarkupLine($"[dim]{Markup.Escape(LatencyNote(concurrency))}[/]");
        console.MarkupLine($"reports: {Markup.Escape(Path.Combine(dir, HtmlFile))} (+ {SummaryFile}, {ResultsFile}, {MarkdownFile}, {JUnitFile})");
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
        foreach (var header in new[] { "strategy", "harmful blocked", "capability", "Δ vs baseline", "benign refusal" }.Concat(tasks).Append("errors"))
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).NoWrap());
        }

        foreach (var st in rows)
        {
            var c = st.Capability!;
            table.AddRow([
                Markup.Escape(st.Strategy), Pct(st.HarmfulBlocked), Score(c.Score, signed: false), Score(c.Delta, signed: true), Pct(c.BenignRefusal),
                .. tasks.Select(t => c.Tasks.GetValueOrDefault(t) is { } v ? (v.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–"), c.Errors.ToString(CultureInfo.InvariantCulture)]);
        }

        console.Write(table);
        console.MarkupLine("[dim]capability: mean accuracy over the tasks; Δ in percentage points against the baseline on the same items (95% paired bootstrap); benign refusal on the capability prompts; per-task accuracy (intervals in report.html); helpfulness is the win-rate against the baseline (50% = parity)[/]");
    }

    private static string Score(Evaluation.Capability.ScoreInterval? v, bool signed) =>
        v is null ? "–"
        : signed ? $"{(v.Value >= 0 ? "+" : "−")}{Math.Abs(v.Value * 100).ToString("0.0", CultureInfo.InvariantCulture)} pp [dim][[{(v.Low * 100).ToString("0.0", CultureInfo.InvariantCulture)}, {(v.High * 100).ToString("0.0", CultureInfo.InvariantCulture)}]][/]"
        : $"{(v.Value * 100).ToString("0.0", CultureInfo.InvariantCulture)}% [dim]±{(Math.Max(v.Value - v.Low, v.High - v.Value) * 100).ToString("0.0", CultureInfo.InvariantCulture)}[/]";

    private static string Pct(RateEstimate? r) =>
        r is null ? "–" : $"{(r.Rate * 100).ToString("0.0", CultureInfo.InvariantCulture)}% [dim]±{(Math.Max(r.Rate - r.Low, r.High - r.Rate) * 100).ToString("0.0", CultureInfo.InvariantCulture)}[/]";

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

    private static int IndexOf(string strategy)
    {
        var i = EvalStrategies.Names.ToList().IndexOf(strategy);
        return i < 0 ? int.MaxValue : i;
    }

    private static long EstimateCases(SuiteSet suites, int transforms)
    {
        // Only bundled suites are counted up front (they are small); user files are streamed and not pre-read.
        if (suites.Suites.Any(s => !BundledSuites.Contains(s.Name)))
        {
            return 0;
        }

        var all = suites.Count();
        var harmful = suites.Count(c => c.Label == CaseLabel.Harmful && c.Suite is not (BundledSuites.Jailbreaks or BundledSuites.Injections));
        return all + ((long)harmful * transforms);
    }
}
