using System.CommandLine;
using System.Globalization;
using AlignLab.Cai.Files;
using AlignLab.Cai.Generation;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab cai generate</c>: constitutional critique→revision datasets (cai.jsonl, sft.jsonl, pairs.jsonl).</summary>
internal static class CaiCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("cai", "Constitutional AI data: critique-and-revision records, SFT conversations and preference pairs for training.");
        cmd.Subcommands.Add(Generate(ctx));
        return cmd;
    }

    private static Command Generate(CliContext ctx)
    {
        var prompts = new Option<string>("--prompts")
        {
            Description = "Prompts: a .jsonl/.json/.csv/.tsv/.txt file (a text, prompt, … field or --text-column) "
                + $"or a bundled suite ({string.Join(", ", BundledSuites.Names)}).",
            Required = true,
        };
        var textColumn = new Option<string?>("--text-column")
        {
            Description = "The field or column holding the prompt (default: the first of text, prompt, goal, question, …).",
        };
        var model = ChatPipeline.ModelOption(required: true);
        model.Description = "The model whose answers are critiqued and revised: " + model.Description;
        var critic = new Option<string?>("--critic") { Description = "The critic model (default: --model)." };
        var reviser = new Option<string?>("--reviser") { Description = "The reviser model (default: --model)." };
        var policy = CommonOptions.Policy();
        var rounds = new Option<int>("--rounds")
        {
            Description = "Most critique→revision rounds per prompt, 1–10; fewer when the critic finds no violation.",
            DefaultValueFactory = _ => 2,
        };
        var principles = new Option<string>("--principles")
        {
            Description = "Principles per critique: sample:K (K sampled by weight, seeded) or all.",
            DefaultValueFactory = _ => "sample:1",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the principle sampling (each prompt's seed derives from it and the prompt's id).",
            DefaultValueFactory = _ => 7,
        };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Prompts in flight at once.", DefaultValueFactory = _ => 4 };
        var output = new Option<string>("--out", "-o") { Description = "Output directory (rerun with the same one to resume).", Required = true };
        var priceInput = new Option<double?>("--price-input") { Description = "US dollars per million input tokens, for the cost estimate." };
        var priceOutput = new Option<double?>("--price-output") { Description = "US dollars per million output tokens, for the cost estimate." };
        var timeout = new Option<double>("--call-timeout") { Description = "Seconds one model call may take.", DefaultValueFactory = _ => 120 };
        var json = CommonOptions.Json();
        var cmd = new Command("generate", "For each prompt: the model's answer, then rounds of critique under sampled principles and revision; "
            + "writes cai.jsonl, sft.jsonl (TRL SFT messages), pairs.jsonl (TRL DPO prompt/chosen/rejected), failures.jsonl and summary.json.")
        {
            prompts, textColumn, model, critic, reviser, policy, rounds, principles, seed, concurrency, output,
            priceInput, priceOutput, timeout, json,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx) ?? throw new CliUsageException("the policy could not be loaded");
            var perRound = ParsePrinciples(parse.GetValue(principles)!);
            var dir = parse.GetValue(output)!;
            if (File.Exists(dir))
            {
                throw new CliUsageException($"--out: '{dir}' is a file; give a directory");
            }

            var generatorOptions = new CaiGeneratorOptions
            {
                Rounds = parse.GetValue(rounds),
                PrinciplesPerRound = perRound,
                Seed = parse.GetValue(seed),
                CallTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            var runOptions = new CaiRunOptions
            {
                Concurrency = parse.GetValue(concurrency),
                PricePerMillionInput = parse.GetValue(priceInput),
                PricePerMillionOutput = parse.GetValue(priceOutput),
            };
            if (generatorOptions.Validate().Concat(runOptions.Validate()).ToList() is { Count: > 0 } problems)
            {
                throw new CliUsageException(string.Join(" ", problems));
            }

            var suites = SuiteArguments.Load([parse.GetValue(prompts)!], new SuiteOptions
            {
                TextColumn = parse.GetValue(textColumn),
                DefaultLabel = CaseLabel.Harmful, // labels are not used here; a prompt file needs none
            });
            var modelText = parse.GetValue(model)!;
            var criticText = parse.GetValue(critic) ?? modelText;
            var reviserText = parse.GetValue(reviser) ?? modelText;
            var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
            try
            {
                IChatClient Client(string text, string option)
                {
                    if (!clients.TryGetValue(text, out var client))
                    {
                        client = ChatPipeline.CreateClient(ChatPipeline.ResolveModel(text, constitution), option);
                        clients[text] = client;
                    }

                    return client;
                }

                CaiGenerator generator;
                try
                {
                    generator = new CaiGenerator(Client(modelText, "--model"), Client(criticText, "--critic"), Client(reviserText, "--reviser"),
                        constitution.Principles, generatorOptions with { Models = new CaiModels(modelText, criticText, reviserText) });
                }
                catch (ArgumentException ex)
                {
                    throw new CliUsageException(ex.Message);
                }

                var summary = await RunAsync(ctx, suites, dir, generator, runOptions, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
                summary = summary with { MalformedInput = suites.ErrorCount };
                CaiDatasetRun.WriteSummary(dir, summary);
                SuiteArguments.ReportErrors(ctx, suites);
                Report(ctx, dir, summary, parse.GetValue(json));
                return summary.Cancelled ? ExitCodes.Cancelled : summary.Failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }
            }
        });
        return cmd;
    }

    /// <summary><c>sample:K</c> → K; <c>all</c> → null (every eligible principle).</summary>
    internal static int? ParsePrinciples(string text)
    {
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text.StartsWith("sample:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan("sample:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k is >= 1 and <= 20)
        {
            return k;
        }

        throw new CliUsageException($"--principles: expected sample:K (K from 1 to 20) or all, not '{text}'");
    }

    private static async Task<CaiSummary> RunAsync(
        CliContext ctx, SuiteSet suites, string dir, CaiGenerator generator, CaiRunOptions options, bool json, CancellationToken cancellationToken)
    {
        IEnumerable<CaiPrompt> Prompts() => suites.Select(c => new CaiPrompt(c.Id, c.Text) { Category = c.Category });
        if (!ctx.Console.Profile.Capabilities.Interactive || json)
        {
            return await CaiDatasetRun.RunAsync(Prompts(), dir, generator, options, null, cancellationToken).ConfigureAwait(false);
        }

        var total = suites.LongCount(); // one quick pass over the input for the bar's length
        CaiSummary? summary = null;
        await ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("generating", maxValue: Math.Max(1, total));
                var report = new Progress<CaiProgress>(p =>
                {
                    task.Value = p.Done;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"generating: {p.Generated:N0} new, {p.Resumed:N0} resumed, {p.Failed:N0} failed");
                });
                summary = await CaiDatasetRun.RunAsync(Prompts(), dir, generator, options, report, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return summary!;
    }

    private static void Report(CliContext ctx, string dir, CaiSummary s, bool json)
    {
        if (s.TornBytes > 0)
        {
            ctx.Error.WriteLine($"alignlab: resumed {dir}: cut a torn last line of {CaiFileNames.Records} ({s.TornBytes} bytes)");
        }

        if (s.UnreadableLines > 0)
        {
            ctx.Error.WriteLine(
                $"alignlab: {s.UnreadableLines} line(s) of {CaiFileNames.Records} are not records; they were left in place and not counted");
        }

        if (s.Failed > 0)
        {
            ctx.Error.WriteLine(
                $"alignlab: {s.Failed} prompt(s) failed (listed in {Path.Combine(dir, CaiFileNames.Failures)}; rerun to retry them):");
            foreach (var f in CaiDatasetRun.ReadFailures(dir, 10))
            {
                ctx.Error.WriteLine($"  {f.Id}: {f.Stage}{(f.Round is { } r ? $" (round {r})" : "")}: {f.Error}");
            }
        }

        if (json)
        {
            ctx.Output.WriteLine(File.ReadAllText(Path.Combine(dir, CaiFileNames.Summary)).TrimEnd());
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        string Score(double? v) => v is { } x ? x.ToString("0.00", inv) : "n/a";
        var o = ctx.Output;
        o.WriteLine(string.Create(inv, $"cai generate: {s.Records:N0} record(s) in {dir} "
            + $"({s.Generated:N0} new, {s.Resumed:N0} resumed, {s.Failed:N0} failed, "
            + $"{s.MalformedInput:N0} malformed input row(s) skipped){(s.Cancelled ? "; CANCELLED: rerun with the same --out to finish" : "")}"));
        o.WriteLine(string.Create(inv, $"  revised: {s.Revised:N0} ({s.RevisionRate:P1}); rounds: mean {s.MeanRounds:0.00} "
            + $"({string.Join(", ", s.RoundsUsed.Select(kv => $"{kv.Key}: {kv.Value:N0}"))}); "
            + $"stopped: {string.Join(", ", s.StopReasons.Select(kv => $"{kv.Key} {kv.Value:N0}"))}"));
        o.WriteLine(string.Create(inv,
            $"  critic score: before {Score(s.MeanScoreBefore)}, after {Score(s.MeanScoreAfter)} ({s.ScoredAfter:N0} final answer(s) scored)"));
        var t = s.Tokens.Total;
        var cost = s.EstimatedCostUsd is { } c
            ? string.Create(inv, $"estimated cost ${c:0.0000}")
            : "cost: tokens only, no price given (--price-input, --price-output)";
        o.WriteLine(string.Create(inv, $"  tokens: {t.Input:N0} in, {t.Output:N0} out "
            + $"(generator {s.Tokens.Generator.Input + s.Tokens.Generator.Output:N0}, "
            + $"critic {s.Tokens.Critic.Input + s.Tokens.Critic.Output:N0}, reviser {s.Tokens.Reviser.Input + s.Tokens.Reviser.Output:N0}); {cost}"));
        o.WriteLine(string.Create(inv, $"  wrote {CaiFileNames.Sft} ({s.SftRecords:N0}), {CaiFileNames.Pairs} ({s.Pairs:N0}), "
            + $"{CaiFileNames.Summary}; "
            + $"{s.ElapsedSeconds:0.0} s, {s.PromptsPerSecond:0.0} prompt(s)/s"));
    }
}
