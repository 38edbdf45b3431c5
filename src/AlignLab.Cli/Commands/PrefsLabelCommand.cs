using System.CommandLine;
using AlignLab.Cai.Preferences;
using AlignLab.Cli.Files;
using AlignLab.Constitutions;
using AlignLab.Providers.Clients;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab prefs label --pairs FILE --judge SPEC --out FILE</c>: AI preference labels (RLAIF).</summary>
internal static class PrefsLabelCommand
{
    public static Command Create(CliContext ctx)
    {
        var pairs = new Option<FileInfo>("--pairs")
        {
            Description = "Pairs to label: a pairs.jsonl (prompt, chosen, rejected; its order is taken as the human label, and "
                + "hh-rlhf transcripts work too, .jsonl.gz included) or a candidates file from 'prefs collect' (every two answers are compared).",
            Required = true,
        };
        var judge = new Option<string>("--judge")
        {
            Description = "The judge model, as provider:model[@base-url][;options] or a name from the policy's models: section.",
            Required = true,
        };
        var principles = new Option<string[]>("--principles")
        {
            Description = "Constitution principle ids to judge under, comma-separated or repeated (default: all of the policy's principles).",
            AllowMultipleArgumentsPerToken = true,
        };
        var policy = CommonOptions.Policy();
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "The pairs.jsonl to write: one line per decided pair, chosen and rejected as the judge decided, details under 'label'.",
            Required = true,
        };
        var ties = new Option<FileInfo?>("--ties") { Description = "Also write ties (same shape, chosen = the input's first answer) here." };
        var summaryFile = new Option<FileInfo?>("--summary") { Description = "Write the run's summary as JSON here." };
        var concurrency = PrefsCommand.Concurrency(4, "Pairs judged at once (each is two judge calls).");
        var resume = PrefsCommand.Resume();
        var json = CommonOptions.Json();
        var maxRecordChars = CommonOptions.MaxRecordChars();
        var cmd = new Command("label",
            "Label preference pairs with a judge model under constitution principles, in both orders: agreement gives a label, "
            + "disagreement a tie. Reports agreement with the input's human labels.")
        {
            pairs, judge, principles, policy, output, ties, summaryFile, concurrency, resume, json, maxRecordChars,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(pairs)!;
            if (!input.Exists)
            {
                throw new CliUsageException($"--pairs: file not found: {input.FullName}");
            }

            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var selected = SelectPrinciples(constitution, parse.GetValue(principles));
            var spec = ChatPipeline.ResolveModel(parse.GetValue(judge)!, constitution);
            var jobs = PrefsCommand.Positive(parse, concurrency);
            var maxChars = CommonOptions.MaxRecordCharsValue(parse, maxRecordChars);
            var outPath = OutputFile.Prepare(parse.GetValue(output)!.FullName, "--out", (input.FullName, "--pairs file"));
            var tiesPath = parse.GetValue(ties) is { } t
                ? OutputFile.Prepare(t.FullName, "--ties", (input.FullName, "--pairs file"), (outPath, "--out file"))
                : null;
            var summaryPath = parse.GetValue(summaryFile) is { } s
                ? OutputFile.Prepare(s.FullName, "--summary", (input.FullName, "--pairs file"))
                : null;
            IEnumerable<PreferenceInputEntry> entries;
            try
            {
                entries = PreferenceInput.Read(input, maxChars);
            }
            catch (InvalidDataException ex)
            {
                throw new CliUsageException($"--pairs: {ex.Message}");
            }

            var done = new HashSet<string>(StringComparer.Ordinal);
            static string? IdOf(string line) => PreferenceJson.ReadLabelledPair(line)?.Id;
            using var client = ChatPipeline.CreateClient(spec, "--judge");
            await using var outWriter = PrefsCommand.OpenOutput(outPath, parse.GetValue(resume), IdOf, done);
            await using var tiesWriter = tiesPath is null ? null : PrefsCommand.OpenOutput(tiesPath, parse.GetValue(resume), IdOf, done);
            var judgeOptions = OpenAILogProbabilities.Apply(PreferenceJudgeOptions.Default, spec);
            var labeller = new PreferenceJudge(client, selected, judgeOptions);
            var options = new PreferenceLabelRunOptions { Concurrency = jobs, Ties = tiesWriter, Done = done };
            var summary = await RunAsync(ctx, parse.GetValue(json),
                    p => PreferenceLabeller.RunAsync(entries, labeller, outWriter, options, p, cancellationToken))
                .ConfigureAwait(false);
            if (summaryPath is not null)
            {
                OutputFile.WriteAllText(summaryPath, PreferenceJson.ToJson(summary) + "\n");
            }

            Print(ctx, summary, parse.GetValue(json), outPath);
            return summary.Errors > 0 && summary.Labelled + summary.Ties == 0 ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<Principle> SelectPrinciples(Constitution constitution, string[]? ids)
    {
        var wanted = (ids ?? []).SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (wanted.Count == 0)
        {
            return constitution.Principles.Length > 0
                ? [.. constitution.Principles]
                : throw new CliUsageException("the policy has no principles (core_principles:) to judge under");
        }

        var unknown = wanted.Where(w => !constitution.Principles.Any(p => p.Id == w)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"--principles: unknown principle(s) {string.Join(", ", unknown)}; the policy has: "
                + string.Join(", ", constitution.Principles.Select(p => p.Id)));
        }

        return [.. wanted.Distinct(StringComparer.Ordinal).Select(w => constitution.Principles.First(p => p.Id == w))];
    }

    private static async Task<PreferenceLabelSummary> RunAsync(CliContext ctx, bool json,
        Func<IProgress<PreferenceLabelProgress>?, Task<PreferenceLabelSummary>> run)
    {
        if (!ctx.Console.Profile.Capabilities.Interactive || json)
        {
            return await run(null).ConfigureAwait(false);
        }

        PreferenceLabelSummary? summary = null;
        await ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("labelling");
                task.IsIndeterminate = true;
                var report = new Progress<PreferenceLabelProgress>(p =>
                    task.Description = $"labelled {p.Labelled}, ties {p.Ties}, errors {p.Errors}, malformed {p.Malformed}");
                summary = await run(report).ConfigureAwait(false);
                task.StopTask();
            }).ConfigureAwait(false);
        return summary!;
    }

    private static void Print(CliContext ctx, PreferenceLabelSummary summary, bool json, string outPath)
    {
        PrefsCommand.ListProblems(ctx, "malformed input line(s) skipped", summary.Malformed, summary.MalformedLines);
        PrefsCommand.ListProblems(ctx, "pair(s) not labelled because the judge failed (counted as errors, not labels)",
            summary.Errors, summary.ErrorSamples);
        if (json)
        {
            ctx.Output.WriteLine(PreferenceJson.ToJson(summary));
            return;
        }

        var o = ctx.Output;
        o.WriteLine($"judged {summary.Items} pair(s): labelled {summary.Labelled}, ties {summary.Ties}, errors {summary.Errors}"
            + (summary.Resumed > 0 ? $" ({summary.Resumed} already done, skipped)" : "") + $"; malformed lines {summary.Malformed}");
        var agreement = summary.HumanAgreement is { } h ? PrefsCommand.Rate(h) : "n/a (the input has no human labels)";
        o.WriteLine($"agreement with human labels: {agreement}");
        o.WriteLine($"tie rate: {PrefsCommand.Rate(summary.TieRate)}");
        o.WriteLine($"picked the response shown first: {PrefsCommand.Rate(summary.FirstPositionRate)} (50% is no position bias)");
        o.WriteLine("confidence: " + summary.ConfidenceSource switch
        {
            "logprobs" => "from the judge's token log-probabilities",
            "stated" => "as stated by the judge (the provider returned no token log-probabilities)",
            "mixed" => "from token log-probabilities where the provider returned them, else as stated by the judge",
            _ => "none (the judge stated none)",
        });
        o.WriteLine($"wrote {outPath}");
    }
}
