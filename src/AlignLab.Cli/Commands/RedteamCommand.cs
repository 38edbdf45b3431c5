using System.CommandLine;
using AlignLab.Cai.Files;
using AlignLab.Cai.RedTeam;
using AlignLab.Cli.Files;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab redteam generate</c>: attack prompts from an attacker model, deduplicated and labelled.</summary>
internal static class RedteamCommand
{
    /// <summary>The categories used when none are named: the hazard taxonomy S1–S14.</summary>
    private static IReadOnlyList<HarmCategory> DefaultCategories =>
        [.. HarmCategory.All.Where(c => c.Code.StartsWith('S'))];

    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("redteam", "Red-team prompts: ask an attacker model for attacks per harm category and strategy.");
        cmd.Subcommands.Add(Generate(ctx));
        return cmd;
    }

    private static Command Generate(CliContext ctx)
    {
        var model = ChatPipeline.ModelOption(required: true);
        model.Description = "The attacker model: " + model.Description;
        var categories = new Option<string?>("--categories")
        {
            Description = "Comma-separated harm category ids or codes (default: S1–S14: "
                + string.Join(", ", DefaultCategories.Select(c => c.Id)) + ").",
        };
        var strategies = new Option<string?>("--strategies")
        {
            Description = "Comma-separated strategies (default: all): " + string.Join(", ", AttackStrategy.All.Select(s => s.Name)) + ".",
        };
        var n = new Option<int>("--n") { Description = "Prompts per category and strategy.", DefaultValueFactory = _ => 10 };
        var threshold = new Option<double>("--duplicate-threshold")
        {
            Description = "Character 3-gram Jaccard similarity from which two prompts are near-duplicates (0–1].",
            DefaultValueFactory = _ => 0.7,
        };
        var policy = CommonOptions.Policy();
        var output = new Option<string>("--out", "-o")
        {
            Description = "The .jsonl file to write (a suite for eval --suite and prompts for cai generate --prompts).",
            Required = true,
        };
        var cmd = new Command("generate", "Writes attack prompts labelled with category and strategy, exact and near duplicates dropped.")
        {
            model, categories, strategies, n, threshold, policy, output,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUsageException("--out: write a .jsonl file (eval and cai generate read it as a suite)");
            }

            outPath = OutputFile.Prepare(outPath, "--out");
            var options = new RedTeamOptions
            {
                PerCategoryAndStrategy = parse.GetValue(n),
                Strategies = ParseStrategies(parse.GetValue(strategies)),
                DuplicateThreshold = parse.GetValue(threshold),
                AttackerName = parse.GetValue(model),
            };
            if (options.Validate() is { Count: > 0 } problems)
            {
                throw new CliUsageException(string.Join(" ", problems));
            }

            var chosen = ParseCategories(parse.GetValue(categories));
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx) ?? throw new CliUsageException("the policy could not be loaded");
            using var client = ChatPipeline.CreateClient(ChatPipeline.ResolveModel(parse.GetValue(model)!, constitution), "--model");
            var result = await new RedTeamGenerator(client, options).GenerateAsync(chosen, cancellationToken).ConfigureAwait(false);
            var written = PromptFiles.Write(outPath, result.Prompts);
            foreach (var failure in result.Failures.Take(10))
            {
                ctx.Error.WriteLine("alignlab: attacker call failed: " + failure);
            }

            if (result.ShortCells.Count > 0)
            {
                ctx.Error.WriteLine($"alignlab: {result.ShortCells.Count} category/strategy cell(s) got fewer prompts than asked: "
                    + string.Join("; ", result.ShortCells.Take(10)));
            }

            ctx.Output.WriteLine($"redteam generate: wrote {written} prompt(s) to {outPath} ({result.Parsed} written by the attacker, "
                + $"{result.Duplicates} exact or near duplicate(s) dropped, {result.Failures.Count} failed call(s))");
            return written > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }

    internal static IReadOnlyList<HarmCategory> ParseCategories(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return DefaultCategories;
        }

        var chosen = new List<HarmCategory>();
        var unknown = new List<string>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (HarmCategory.TryFind(item, out var c))
            {
                if (!chosen.Contains(c))
                {
                    chosen.Add(c);
                }
            }
            else
            {
                unknown.Add(item);
            }
        }

        if (unknown.Count > 0)
        {
            var ids = HarmCategory.All.Select(c => c.Id).ToList();
            var problems = unknown.Select(u => $"unknown category '{u}'" + (Suggestions.Closest(u, ids) is { } s ? $" (did you mean '{s}'?)" : ""));
            throw new CliUsageException("--categories: " + string.Join("; ", problems) + "; known: " + string.Join(", ", ids));
        }

        return chosen;
    }

    internal static IReadOnlyList<AttackStrategy> ParseStrategies(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return AttackStrategy.All;
        }

        var chosen = new List<AttackStrategy>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var s = AttackStrategy.Find(item) ?? throw new CliUsageException(
                $"--strategies: unknown strategy '{item}'; known: {string.Join(", ", AttackStrategy.All.Select(a => a.Name))}");
            if (!chosen.Contains(s))
            {
                chosen.Add(s);
            }
        }

        return chosen;
    }
}
