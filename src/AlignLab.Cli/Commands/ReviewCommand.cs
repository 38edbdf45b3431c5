using System.CommandLine;
using AlignLab.IO;
using AlignLab.Runtime.Review;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab review list|show|decide --db FILE</c>: the human review queue that escalations land in.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("review", "Work through the review queue of escalated exchanges: give its SQLite file with --db (the file a policy names under review_queue.path).");
        cmd.Subcommands.Add(List(ctx));
        cmd.Subcommands.Add(Show(ctx));
        cmd.Subcommands.Add(Decide(ctx));
        return cmd;
    }

    private static Option<FileInfo> Db() => new("--db") { Description = "The review queue's SQLite file.", Required = true };

    private static SqliteReviewQueue Open(FileInfo db) =>
        db.Exists ? new SqliteReviewQueue(db.FullName) : throw new CliUsageException($"{db.FullName} does not exist");

    private static Command List(CliContext ctx)
    {
        var db = Db();
        var status = new Option<string?>("--status") { Description = "pending, approved or rejected (default: all)." };
        status.AcceptOnlyFromAmong("pending", "approved", "rejected");
        var limit = new Option<int>("--limit") { Description = "At most this many items, newest first.", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var cmd = new Command("list", "List review items.") { db, status, limit, json };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            await using var queue = Open(parse.GetValue(db)!);
            ReviewStatus? s = parse.GetValue(status) switch
            {
                "pending" => ReviewStatus.Pending,
                "approved" => ReviewStatus.Approved,
                "rejected" => ReviewStatus.Rejected,
                _ => null,
            };
            var items = await queue.ListAsync(s, Math.Clamp(parse.GetValue(limit), 1, 10_000), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                ctx.Output.WriteLine(JsonText.Write(JsonText.Indented, w =>
                {
                    w.WriteStartArray();
                    foreach (var i in items)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", i.Id);
                        w.WriteString("status", i.Status.ToString().ToLowerInvariant());
                        w.WriteString("created_at", i.CreatedAt);
                        w.WriteString("reason", i.Reason);
                        w.WriteString("policy", i.PolicyName);
                        w.WriteString("prompt", i.Prompt);
                        w.WriteString("reviewer", i.Reviewer);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }));
            }
            else
            {
                var table = new Table().AddColumns("id", "status", "created", "reason", "prompt");
                foreach (var i in items)
                {
                    table.AddRow(Markup.Escape(i.Id), i.Status.ToString(), i.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                        Markup.Escape(i.Reason), Markup.Escape(i.Prompt.Length > 60 ? i.Prompt[..60] + "…" : i.Prompt));
                }

                ctx.Console.Write(table);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Show(CliContext ctx)
    {
        var db = Db();
        var id = new Argument<string>("id") { Description = "The review item id." };
        var cmd = new Command("show", "Show one review item with its full trace (JSON).") { db, id };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            await using var queue = Open(parse.GetValue(db)!);
            var item = await queue.GetAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false)
                ?? throw new CliUsageException($"no review item '{parse.GetValue(id)}'");
            ctx.Output.WriteLine($"id: {item.Id}\nstatus: {item.Status}\nreason: {item.Reason}\nprompt: {item.Prompt}\nresponse: {item.Response}\ntrace: {item.TraceJson}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Decide(CliContext ctx)
    {
        var db = Db();
        var id = new Argument<string>("id") { Description = "The review item id." };
        var approve = new Option<bool>("--approve") { Description = "Approve the exchange." };
        var reject = new Option<bool>("--reject") { Description = "Reject the exchange." };
        var reviewer = new Option<string>("--reviewer") { Description = "Who decided.", Required = true };
        var note = new Option<string?>("--note") { Description = "Why." };
        var cmd = new Command("decide", "Record a reviewer's decision (once per item).") { db, id, approve, reject, reviewer, note };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(approve) == parse.GetValue(reject))
            {
                throw new CliUsageException("give exactly one of --approve or --reject");
            }

            await using var queue = Open(parse.GetValue(db)!);
            try
            {
                var item = await queue.DecideAsync(parse.GetValue(id)!, parse.GetValue(approve) ? ReviewVerdict.Approved : ReviewVerdict.Rejected,
                    parse.GetValue(reviewer)!, parse.GetValue(note), cancellationToken).ConfigureAwait(false);
                ctx.Output.WriteLine($"{item.Id}: {item.Status.ToString().ToLowerInvariant()} by {item.Reviewer}");
                return ExitCodes.Ok;
            }
            catch (ReviewAlreadyDecidedException ex)
            {
                ctx.Error.WriteLine("alignlab: " + ex.Message);
                return ExitCodes.Failed;
            }
            catch (KeyNotFoundException ex)
            {
                throw new CliUsageException(ex.Message);
            }
        });
        return cmd;
    }
}
