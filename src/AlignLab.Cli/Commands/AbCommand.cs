using System.CommandLine;
using System.Globalization;
using AlignLab.IO;
using AlignLab.Server.Operations;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab ab status --audit DB</c>: each arm's block and error rates with 95% Wilson intervals and the two-proportion
/// z test, from the audit store every replica writes; <c>alignlab ab promote ARM --gateway URL</c> makes the winner the live policy.
/// </summary>
internal static class AbCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("ab", "The gateway's A/B experiment: its statistics, and promoting the winning arm.");
        cmd.Subcommands.Add(Status(ctx));
        cmd.Subcommands.Add(Promote(ctx));
        return cmd;
    }

    private static Option<int> MinSample() => new("--min-sample")
    {
        Description = $"Decisions each arm needs before the test is read (default {PolicyOperations.DefaultMinimumSample}).",
        DefaultValueFactory = _ => PolicyOperations.DefaultMinimumSample,
    };

    private static Command Status(CliContext ctx)
    {
        var audit = PolicyCommand.Audit();
        var minimum = MinSample();
        var json = CommonOptions.Json();
        var cmd = new Command("status", "Per-arm block and error rates with 95% intervals, and whether they differ (two-proportion z test).") { audit,
            minimum, json };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var min = parse.GetValue(minimum);
            if (min < 1)
            {
                throw new CliUsageException("--min-sample must be at least 1");
            }

            await using var store = await OperationsCliStore.OpenAsync(parse.GetValue(audit)!, cancellationToken).ConfigureAwait(false);
            var experiment = await OperationsCliStore.ReadAsync(() => store.CurrentExperimentAsync(cancellationToken)).ConfigureAwait(false);
            if (experiment is null)
            {
                await ctx.Error.WriteLineAsync($"alignlab: no A/B experiment has run on {store.Description} "
                    + "(start the gateway with --policy-b)").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var counts = await OperationsCliStore.ReadAsync(() => store.CountArmsAsync(experiment, cancellationToken)).ConfigureAwait(false);
            var status = AbStatus.From(experiment, counts, min);
            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(JsonText.Write(JsonText.Indented, w => AbStatusJson.Write(w, status)));
                return ExitCodes.Ok;
            }

            var ci = CultureInfo.InvariantCulture;
            var state = experiment.EndedAt is { } end
                ? $"ended {end.UtcDateTime.ToString("u", ci)}" + (experiment.Winner is { } w ? $", arm {w} promoted" : "")
                : "running";
            ctx.Output.WriteLine($"experiment {experiment.Id}: arm a {experiment.VersionA} vs arm b {experiment.VersionB}, " +
                $"{Percent(experiment.Split)} of subjects to b, since {experiment.StartedAt.UtcDateTime.ToString("u", ci)} ({state})");
            var table = new Table().AddColumns("arm", "version", "decisions", "block rate (95% CI)", "error rate (95% CI)", "mean latency");
            foreach (var arm in new[] { status.A, status.B })
            {
                table.AddRow(arm.Arm, arm.Version, arm.Requests.ToString("N0", ci),
                    Markup.Escape($"{Percent(arm.BlockRate)} [{Percent(arm.BlockRateLow)}, {Percent(arm.BlockRateHigh)}]"),
                    Markup.Escape($"{Percent(arm.ErrorRate)} [{Percent(arm.ErrorRateLow)}, {Percent(arm.ErrorRateHigh)}]"),
                    arm.MeanLatencyMs.ToString("0.0", ci) + " ms");
            }

            ctx.Console.Write(table);
            ctx.Output.WriteLine(string.Create(ci, $"block rate b − a: z = {status.BlockRateZ:0.###}, p = {status.BlockRateP:0.####}; " +
                $"error rate: z = {status.ErrorRateZ:0.###}, p = {status.ErrorRateP:0.####} (minimum sample {status.MinimumSample} per arm)"));
            ctx.Output.WriteLine(status.Verdict);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static Command Promote(CliContext ctx)
    {
        var arm = new Argument<string>("arm") { Description = "The winning arm: b (arm a then serves b's policy) or a (keeps a, ends the split)." };
        arm.AcceptOnlyFromAmong("a", "b");
        var force = new Option<bool>("--force") { Description = "Promote even before each arm has the minimum sample." };
        var minimum = MinSample();
        var gateway = PolicyCommand.Gateway();
        var key = PolicyCommand.KeyVariable();
        var cmd = new Command("promote",
            "Make an arm the live policy for every subject on a running gateway; the promotion is recorded in the policy history.")
        {
            arm, force, minimum, gateway, key,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var body = new Dictionary<string, object>
            {
                ["arm"] = parse.GetValue(arm)!,
                ["force"] = parse.GetValue(force),
                ["min_sample"] = parse.GetValue(minimum),
            };
            var answer = await GatewayAdmin.PostAsync(parse.GetValue(gateway)!, parse.GetValue(key)!, "api/ab/promote", body,
                cancellationToken).ConfigureAwait(false);
            return await PolicyCommand.Report(ctx, answer).ConfigureAwait(false);
        });
        return cmd;
    }
}
