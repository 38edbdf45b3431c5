using System.Globalization;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Evaluation.Bbq;
using AlignLab.Runtime.Evaluation;
using AlignLab.Runtime.Evaluation.Bbq;
using AlignLab.Storage;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab eval --suite bbq --bbq-data DIR --model M</c>: BBQ through every model-backed strategy (the bare model and the
/// aligned pipelines), accuracy and BBQ's bias scores per category and context condition, in bbq.jsonl, bbq.json and bbq.md.
/// </summary>
internal static class EvalBbq
{
    public const string SuiteName = "bbq";
    public const string ResultsFile = "bbq.jsonl";
    public const string SummaryFile = "bbq.json";
    public const string MarkdownFile = "bbq.md";

    /// <summary>What was asked for on the command line.</summary>
    internal sealed class Settings
    {
        public string? DataDirectory { get; init; }
        public int? Limit { get; init; }
    }

    /// <summary>Whether the suites name BBQ.</summary>
    public static bool Requested(IReadOnlyList<string> suites) => suites.Any(s => s.Trim().Equals(SuiteName, StringComparison.OrdinalIgnoreCase));

    public static async Task<int> RunAsync(CliContext ctx, EvalCommand.EvalSettings settings, Settings bbq, Constitution constitution,
        SafetyClassifier? classifier, IChatClient? model, string? modelName, IReadOnlyCollection<string>? selected,
        CancellationToken cancellationToken)
    {
        Validate(settings, bbq, model);
        IReadOnlyList<BbqItem> items;
        try
        {
            items = BbqDataReader.Read(bbq.DataDirectory!, bbq.Limit);
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException("--bbq-data: " + ex.Message);
        }

        var (strategies, _) = EvalStrategies.Create(constitution, classifier, model,
            spec => ChatPipeline.CreateClient(spec, $"the policy's model {spec}"), selected);
        var clients = strategies.OfType<ChatEvalStrategy>().Select(s => (s.Name, s.Client)).ToList();
        if (clients.Count == 0)
        {
            throw new CliUsageException("--suite bbq: no model-backed strategy was selected (guard_only does not answer)");
        }

        var runId = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        using var runDirectory = settings.Output is { } output
            ? EvalRunDirectory.Lock(output, runId)
            : EvalRunDirectory.Claim(AlignLabHome.EvalResults, runId);
        var dir = runDirectory.Path;
        var aggregator = new BbqAggregator();
        var cancelled = false;
        await using (var writer = new StreamWriter(Path.Combine(dir, ResultsFile), append: false, new System.Text.UTF8Encoding(false)))
        {
            var options = new BbqRunOptions
            {
                Concurrency = settings.Concurrency,
                OnResult = async (r, ct) =>
                {
                    await writer.WriteLineAsync(BbqReportWriter.ResultLine(r).AsMemory(), ct).ConfigureAwait(false);
                    await writer.FlushAsync(ct).ConfigureAwait(false);
                },
            };
            try
            {
                await BbqRunner.RunAsync(items, clients, aggregator, options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        var summaries = aggregator.Summarize(EvalStrategies.Names);
        var json = BbqReportWriter.ToJson(summaries, modelName, Path.GetFullPath(bbq.DataDirectory!), items.Count);
        await File.WriteAllTextAsync(Path.Combine(dir, SummaryFile), json, CancellationToken.None).ConfigureAwait(false);
        var markdown = BbqReportWriter.ToMarkdown(summaries, modelName, items.Count);
        await File.WriteAllTextAsync(Path.Combine(dir, MarkdownFile), markdown, CancellationToken.None).ConfigureAwait(false);
        if (settings.Json)
        {
            ctx.Output.WriteLine(json);
        }
        else
        {
            Print(ctx.Console, summaries, modelName, items.Count, dir);
        }

        if (cancelled)
        {
            ctx.Error.WriteLine($"alignlab: cancelled; the finished items are in {Path.Combine(dir, ResultsFile)} and in the summary");
            return ExitCodes.Cancelled;
        }

        var errors = summaries.Sum(s => s.Errors);
        if (errors > 0)
        {
            ctx.Error.WriteLine($"alignlab: {errors} BBQ answer(s) failed or named no single option; they are errors, not answers "
                + $"(see {Path.Combine(dir, ResultsFile)})");
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    private static void Validate(EvalCommand.EvalSettings settings, Settings bbq, IChatClient? model)
    {
        if (settings.Suites.Count > 1)
        {
            throw new CliUsageException("--suite bbq runs on its own: run the other suites in a separate 'alignlab eval'");
        }

        if (settings.Resume || settings.Gates.Count > 0 || settings.Capability is not null)
        {
            throw new CliUsageException("--suite bbq: --resume, --fail-under, --fail-over and --capability apply to the safety suites, not to BBQ");
        }

        if (model is null)
        {
            throw new CliUsageException($"--suite bbq {EvalRun.NeedsModel}: BBQ scores the model's answers");
        }

        if (bbq.DataDirectory is null)
        {
            throw new CliUsageException("--suite bbq needs --bbq-data DIR: BBQ's category files (e.g. ../shared/data/bbq; CC BY 4.0, not bundled)");
        }

        if (bbq.Limit is < 1)
        {
            throw new CliUsageException("--bbq-limit must be at least 1");
        }
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<BbqStrategySummary> summaries, string? model, int items, string dir)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 150);
        }

        console.MarkupLine($"[bold]AlignLab eval[/] BBQ: model {Markup.Escape(model ?? "–")}, {items:N0} items");
        foreach (var s in summaries)
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(s.Strategy));
            table.AddColumns("category", "ambig. accuracy", "s_AMB", "disambig. accuracy", "s_DIS", "refused", "errors");
            foreach (var c in s.Categories)
            {
                table.AddRow(Markup.Escape(c.Category),
                    Markup.Escape(BbqReportWriter.Pct(c.Ambiguous.Accuracy)), BbqReportWriter.Score(c.Ambiguous.BiasScore),
                    Markup.Escape(BbqReportWriter.Pct(c.Disambiguated.Accuracy)), BbqReportWriter.Score(c.Disambiguated.BiasScore),
                    (c.Ambiguous.Refused + c.Disambiguated.Refused).ToString(CultureInfo.InvariantCulture),
                    (c.Ambiguous.Errors + c.Disambiguated.Errors).ToString(CultureInfo.InvariantCulture));
            }

            console.Write(table);
        }

        console.MarkupLine("[dim]accuracy over answered items (95% Wilson interval); bias scores from -1 (against the stereotype) to +1 (with it), "
            + "BBQ's definitions (s_DIS on disambiguated contexts, s_AMB = (1 - accuracy) x the same on ambiguous ones); "
            + "refusals and errors are never answers[/]");
        console.MarkupLine($"reports: {Markup.Escape(Path.Combine(dir, MarkdownFile))} (+ {SummaryFile}, {ResultsFile})");
    }
}
