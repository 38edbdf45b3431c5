using System.CommandLine;
using AlignLab.Cai.Preferences;
using AlignLab.Cli.Files;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab prefs collect --prompts FILE --models A,B --samples N --out FILE</c>: candidate answers for labelling.</summary>
internal static class PrefsCollectCommand
{
    public static Command Create(CliContext ctx)
    {
        var prompts = new Option<FileInfo>("--prompts")
        {
            Description = "Prompts: .jsonl (a 'prompt' field; bad lines are reported and skipped), .csv (a 'prompt' column) or .txt (one per line).",
            Required = true,
        };
        var field = new Option<string>("--prompt-field")
        {
            Description = "The field or column holding the prompt.",
            DefaultValueFactory = _ => "prompt",
        };
        var models = new Option<string[]>("--models")
        {
            Description = "Models to collect from, comma-separated or repeated: provider:model[@base-url][;options] or names from "
                + "the policy's models: section.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var samples = new Option<int>("--samples", "-n") { Description = "Answers per model per prompt.", DefaultValueFactory = _ => 1 };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature (default: the model's)." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "The most tokens one answer may have (default: the model's)." };
        var policy = CommonOptions.Policy();
        var output = new Option<FileInfo>("--out", "-o") { Description = "The candidates .jsonl to write (one line per prompt).", Required = true };
        var concurrency = PrefsCommand.Concurrency(2, "Prompts in flight at once (a prompt's models × samples calls run together).");
        var resume = PrefsCommand.Resume();
        var json = CommonOptions.Json();
        var maxRecordChars = CommonOptions.MaxRecordChars();
        var cmd = new Command("collect", "Collect candidate answers to prompts across models, for labelling by people or by 'prefs label'.")
        {
            prompts, field, models, samples, temperature, maxTokens, policy, output, concurrency, resume, json, maxRecordChars,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(prompts)!;
            if (!input.Exists)
            {
                throw new CliUsageException($"--prompts: file not found: {input.FullName}");
            }

            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var names = parse.GetValue(models)!
                .SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            if (names.Count == 0)
            {
                throw new CliUsageException("--models: give at least one model");
            }

            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new CliUsageException("--models: a model is named twice; use --samples for more answers from one model");
            }

            var specs = names.Select(n => ChatPipeline.ResolveModel(n, constitution)).ToList();
            var options = new CandidateCollectionOptions
            {
                Samples = PrefsCommand.Positive(parse, samples),
                Concurrency = PrefsCommand.Positive(parse, concurrency),
                Temperature = parse.GetValue(temperature),
                MaxOutputTokens = parse.GetValue(maxTokens),
            };
            var maxChars = CommonOptions.MaxRecordCharsValue(parse, maxRecordChars);
            var outPath = OutputFile.Prepare(parse.GetValue(output)!.FullName, "--out", (input.FullName, "--prompts file"));
            var entries = PromptInput.Read(input, parse.GetValue(field)!, maxChars);
            var clients = new List<IChatClient>();
            try
            {
                var candidates = new List<CandidateModel>();
                for (var i = 0; i < names.Count; i++)
                {
                    clients.Add(ChatPipeline.CreateClient(specs[i], $"--models {names[i]}"));
                    candidates.Add(new CandidateModel(names[i], clients[^1]));
                }

                var done = new HashSet<string>(StringComparer.Ordinal);
                await using var writer = PrefsCommand.OpenOutput(outPath, parse.GetValue(resume), l => PreferenceJson.ReadCandidateSet(l)?.Id, done);
                var summary = await RunAsync(ctx, parse.GetValue(json),
                        p => CandidateCollector.RunAsync(entries, candidates, writer, options with { Done = done }, p, cancellationToken))
                    .ConfigureAwait(false);
                Print(ctx, summary, parse.GetValue(json), outPath);
                return summary.Prompts > 0 && summary.Candidates == 0 ? ExitCodes.Failed : ExitCodes.Ok;
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        });
        return cmd;
    }

    private static async Task<CandidateCollectionSummary> RunAsync(
        CliContext ctx, bool json, Func<IProgress<int>?, Task<CandidateCollectionSummary>> run)
    {
        if (!ctx.Console.Profile.Capabilities.Interactive || json)
        {
            return await run(null).ConfigureAwait(false);
        }

        CandidateCollectionSummary? summary = null;
        await ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("collecting");
                task.IsIndeterminate = true;
                summary = await run(new Progress<int>(n => task.Description = $"collected {n} prompt(s)")).ConfigureAwait(false);
                task.StopTask();
            }).ConfigureAwait(false);
        return summary!;
    }

    private static void Print(CliContext ctx, CandidateCollectionSummary summary, bool json, string outPath)
    {
        PrefsCommand.ListProblems(ctx, "malformed input line(s) skipped", summary.Malformed, summary.MalformedLines);
        PrefsCommand.ListProblems(ctx, "generation(s) failed (counted, not written as answers)", summary.Failures, summary.FailureSamples);
        if (json)
        {
            ctx.Output.WriteLine(PreferenceJson.ToJson(summary));
            return;
        }

        ctx.Output.WriteLine($"collected {summary.Candidates} answer(s) to {summary.Prompts} prompt(s); failures {summary.Failures}; "
            + $"prompts with fewer than two answers {summary.Incomparable}; malformed lines {summary.Malformed}"
            + (summary.Resumed > 0 ? $"; {summary.Resumed} prompt(s) already done, skipped" : ""));
        ctx.Output.WriteLine($"wrote {outPath}");
    }
}
