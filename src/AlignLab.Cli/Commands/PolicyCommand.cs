using System.CommandLine;
using System.Globalization;
using AlignLab.IO;
using AlignLab.Server.Operations;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab policy history|diff --audit DB</c> reads the policy history the gateway keeps in its audit store;
/// <c>alignlab policy rollback --to VERSION --gateway URL</c> asks a running gateway to serve a recorded version again.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("policy", "The gateway's policy history: list the applied versions, diff two of them, or roll an arm back.");
        cmd.Subcommands.Add(History(ctx));
        cmd.Subcommands.Add(Diff(ctx));
        cmd.Subcommands.Add(Rollback(ctx));
        return cmd;
    }

    internal static Option<string> Audit() =>
        new("--audit") { Description = "The gateway's audit log: a SQLite file or a postgres://… URL (read only).", Required = true };

    internal static Option<string> Gateway() =>
        new("--gateway") { Description = "The running gateway's base URL, e.g. http://127.0.0.1:8080.", Required = true };

    internal static Option<string> KeyVariable() => new("--api-key-env")
    {
        Description = $"The environment variable holding an API key with the admin scope (default {GatewayAdmin.DefaultKeyVariable}).",
        DefaultValueFactory = _ => GatewayAdmin.DefaultKeyVariable,
    };

    private static Command History(CliContext ctx)
    {
        var audit = Audit();
        var arm = new Option<string?>("--arm") { Description = "Only this arm (a or b)." };
        arm.AcceptOnlyFromAmong("a", "b");
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, UTC)." };
        var to = new Option<string?>("--to") { Description = "Last day (yyyy-MM-dd, UTC, inclusive)." };
        var limit = new Option<int>("--limit") { Description = "At most this many versions, newest first.", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var cmd = new Command("history", "List the policy versions applied to the gateway's arms, newest first.") { audit, arm, from, to, limit,
            json };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var first = Day(parse.GetValue(from), "--from");
            var last = Day(parse.GetValue(to), "--to");
            if (first is { } f && last is { } l && l < f)
            {
                throw new CliUsageException($"--to {l:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            }

            await using var store = await OperationsCliStore.OpenAsync(parse.GetValue(audit)!, cancellationToken).ConfigureAwait(false);
            var entries = await OperationsCliStore.ReadAsync(() => store.HistoryAsync(parse.GetValue(arm), first, last?.AddDays(1),
                Math.Clamp(parse.GetValue(limit), 1, 100_000), cancellationToken)).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                var range = first is null && last is null ? "" : $" from {Text(first)} to {Text(last)}";
                await ctx.Error.WriteLineAsync($"alignlab: no policy versions were applied{range} in {store.Description}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(JsonText.Write(JsonText.Indented, w =>
                {
                    w.WriteStartArray();
                    foreach (var e in entries)
                    {
                        PolicyHistoryJson.Write(w, e);
                    }

                    w.WriteEndArray();
                }));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("version", "arm", "applied (UTC)", "reason", "author", "policy", "diff", "detail");
            foreach (var e in entries)
            {
                var (added, removed) = LineDiff.Count(e.Diff);
                table.AddRow(e.Version, e.Arm, e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Reason,
                    Markup.Escape(e.Author), Markup.Escape(e.Policy), $"+{added} -{removed}", Markup.Escape(e.Detail ?? ""));
            }

            ctx.Console.Write(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Diff(CliContext ctx)
    {
        var audit = Audit();
        var from = new Argument<string>("from") { Description = "A version (4 or more hex digits); alone, diffed against the version it replaced." };
        var to = new Argument<string?>("to") { Description = "A second version to diff against.", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("diff", "Show what changed between two policy versions (a unified diff of their YAML).") { from, to, audit };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await OperationsCliStore.OpenAsync(parse.GetValue(audit)!, cancellationToken).ConfigureAwait(false);
            var a = await Find(store, parse.GetValue(from)!, cancellationToken).ConfigureAwait(false);
            var diff = parse.GetValue(to) is { } second
                ? LineDiff.Unified(a.Yaml, (await Find(store, second, cancellationToken).ConfigureAwait(false)).Yaml, a.Version, second)
                : a.Diff;
            await ctx.Output.WriteAsync(diff.Length == 0 ? "(no difference)\n" : diff).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Rollback(CliContext ctx)
    {
        var version = new Option<string>("--to") { Description = "The version to serve again (as 'alignlab policy history' shows it).",
            Required = true };
        var arm = new Option<string>("--arm") { Description = "The arm to roll back (default a).", DefaultValueFactory = _ => "a" };
        arm.AcceptOnlyFromAmong("a", "b");
        var gateway = Gateway();
        var key = KeyVariable();
        var cmd = new Command("rollback", "Ask a running gateway to serve a recorded policy version again (written to the arm's file too).")
        {
            version, arm, gateway, key,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var answer = await GatewayAdmin.PostAsync(parse.GetValue(gateway)!, parse.GetValue(key)!, $"api/policies/{parse.GetValue(arm)}/rollback",
                new Dictionary<string, object> { ["to"] = parse.GetValue(version)! }, cancellationToken).ConfigureAwait(false);
            return await Report(ctx, answer).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>Prints a gateway's answer to a change (stdout when done, stderr otherwise) and returns the exit code.</summary>
    internal static async Task<int> Report(CliContext ctx, GatewayAdmin.Answer answer)
    {
        var code = GatewayAdmin.ExitCode(answer);
        var writer = code == ExitCodes.Ok ? ctx.Output : ctx.Error;
        await writer.WriteLineAsync(code == ExitCodes.Ok ? answer.Message : "alignlab: " + answer.Message).ConfigureAwait(false);
        foreach (var d in answer.Diagnostics)
        {
            await writer.WriteLineAsync("  " + d).ConfigureAwait(false);
        }

        return code;
    }

    private static async Task<PolicyVersionEntry> Find(IOperationsStore store, string version, CancellationToken cancellationToken) =>
        await OperationsCliStore.ReadAsync(() => store.FindVersionAsync(version, null, cancellationToken)).ConfigureAwait(false)
            ?? throw new CliUsageException($"no policy version '{version}' in the history of {store.Description} (see 'alignlab policy history')");

    private static DateTimeOffset? Day(string? text, string option) =>
        text is null
            ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : throw new CliUsageException($"{option} '{text}' is not a day: give yyyy-MM-dd (UTC)");

    private static string Text(DateTimeOffset? day) => day is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "the start";
}
