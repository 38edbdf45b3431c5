using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AlignLab.Constitution;
using AlignLab.Rules;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab eval</c>: runs the constitution's input guard over the bundled labelled prompt set (offline,
/// no model) and reports how many harmful prompts it stops and how many benign ones it wrongly stops.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext ctx)
    {
        var policy = CommonOptions.Policy();
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the decision for every prompt." };
        var cmd = new Command("eval", "Evaluate the guard on the bundled prompt suite (offline) and print safety and false-positive rates.")
        {
            policy, context, profile, json, verbose, classifier, noClassifier,
        };
        cmd.SetAction((parse, cancellationToken) =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return Task.FromResult(ExitCodes.UsageError);
            }

            var engine = GuardFactory.Create(constitution, parse.GetValue(classifier), parse.GetValue(noClassifier));
            var options = new EvaluationOptions { Context = parse.GetValue(context), Profile = parse.GetValue(profile) };
            var problems = engine.CheckSelection(options.Context, options.Profile);
            if (problems.Count > 0)
            {
                throw new CliUsageException(string.Join("; ", problems));
            }

            var cases = LoadBundled();

            // One untimed pass loads the model and compiles every code path the suite reaches, so the timed pass
            // measures per-prompt cost, not start-up cost.
            foreach (var c in cases)
            {
                _ = engine.Evaluate(c.Text, PolicyStage.Input, options);
            }

            var results = new List<(SmokeCase Case, Decision Decision, double Micros)>();
            foreach (var c in cases)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                var d = engine.Evaluate(c.Text, PolicyStage.Input, options);
                results.Add((c, d, Stopwatch.GetElapsedTime(start).TotalMicroseconds));
            }

            var harmful = results.Where(r => r.Case.Harmful).ToList();
            var benign = results.Where(r => !r.Case.Harmful).ToList();
            var blocked = harmful.Count(r => r.Decision.IsBlocking);
            var falsePositives = benign.Count(r => r.Decision.IsBlocking);
            var intervened = results.Count(r => r.Decision.Action > AlignmentAction.LogOnly);
            var micros = results.Select(r => r.Micros).Order().ToList();
            var summary = new Summary(
                constitution.Name,
                results.Count,
                harmful.Count,
                benign.Count,
                Ratio(blocked, harmful.Count),
                Ratio(falsePositives, benign.Count),
                Ratio(intervened, results.Count),
                Percentile(micros, 0.5),
                Percentile(micros, 0.95));

            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(JsonSerializer.Serialize(summary, SummaryJson.Default.Summary));
                return Task.FromResult(ExitCodes.Ok);
            }

            Render(ctx.Console, results, summary, parse.GetValue(verbose));
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static void Render(IAnsiConsole console, List<(SmokeCase Case, Decision Decision, double Micros)> results, Summary s, bool verbose)
    {
        console.MarkupLine($"[bold]AlignLab eval[/]: policy [bold]{Markup.Escape(s.Policy)}[/], bundled suite, input guard only (no model)");
        var table = new Table().AddColumns("Label", "Decision", "Rule", "Prompt");
        foreach (var (c, d, _) in results)
        {
            var wrong = c.Harmful != d.IsBlocking;
            if (!verbose && !wrong)
            {
                continue;
            }

            var colour = wrong ? "red" : "green";
            table.AddRow(
                c.Harmful ? "harmful" : "benign",
                $"[{colour}]{d.Action.ToName()}[/]",
                Markup.Escape(d.DecidingRule?.Rule.Id ?? "-"),
                Markup.Escape(c.Text.Length > 70 ? c.Text[..67] + "..." : c.Text));
        }

        if (table.Rows.Count > 0)
        {
            console.MarkupLine(verbose ? "Decisions (red = wrong):" : "Misses and false positives:");
            console.Write(table);
        }

        var summary = new Table().AddColumns("Metric", "Value");
        summary.AddRow("Prompts", $"{s.Total} ({s.Harmful} harmful, {s.Benign} benign)");
        summary.AddRow("Harmful blocked", Pct(s.HarmfulBlocked));
        summary.AddRow("False positives (benign blocked)", Pct(s.FalsePositiveRate));
        summary.AddRow("Intervention rate", Pct(s.InterventionRate));
        summary.AddRow("Guard latency p50 / p95 (warm)", $"{s.LatencyP50Micros:F1} µs / {s.LatencyP95Micros:F1} µs");
        console.Write(summary);
    }

    private static string Pct(double v) => v.ToString("P1", CultureInfo.InvariantCulture);

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static List<SmokeCase> LoadBundled()
    {
        using var stream = typeof(EvalCommand).Assembly.GetManifestResourceStream("AlignLab.Cli.smoke_prompts.jsonl")
            ?? throw new InvalidOperationException("bundled prompts missing from this build");
        using var reader = new StreamReader(stream);
        var list = new List<SmokeCase>();
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            list.Add(new SmokeCase(root.GetProperty("text").GetString()!, root.GetProperty("label").GetString() == "harmful"));
        }

        return list;
    }

    private sealed record SmokeCase(string Text, bool Harmful);

    internal sealed record Summary(
        string Policy,
        int Total,
        int Harmful,
        int Benign,
        double HarmfulBlocked,
        double FalsePositiveRate,
        double InterventionRate,
        double LatencyP50Micros,
        double LatencyP95Micros);
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(EvalCommand.Summary))]
internal sealed partial class SummaryJson : System.Text.Json.Serialization.JsonSerializerContext;
