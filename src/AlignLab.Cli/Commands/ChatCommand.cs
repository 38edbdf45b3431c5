using System.CommandLine;
using AlignLab.Constitutions;
using AlignLab.Runtime;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab chat --model …</c>: talk to a model through the full alignment pipeline, with interventions shown inline.</summary>
internal static class ChatCommand
{
    private static readonly HashSet<string> ShownKinds = new(StringComparer.Ordinal)
    {
        "intervention", "abort", "pii", "critique_revision", "consensus", "context_injection", "failure", "escalation", "refusal", "violation",
    };

    public static Command Create(CliContext ctx)
    {
        var model = ChatPipeline.ModelOption(required: true);
        var policy = CommonOptions.Policy();
        var context = CommonOptions.Context();
        var profile = CommonOptions.Profile();
        var classifier = GuardFactory.ClassifierOption();
        var noClassifier = GuardFactory.NoClassifierOption();
        var noStream = new Option<bool>("--no-stream") { Description = "Wait for whole answers instead of streaming them." };
        var showTrace = new Option<bool>("--trace") { Description = "Print every step of the decision trace after each answer." };
        var system = new Option<string?>("--system") { Description = "System prompt for the conversation." };
        var cmd = new Command("chat", "Chat with a model through the alignment pipeline (input guard, streaming monitor, output guard). Type /exit to leave, /reset to start over.")
        {
            model, policy, context, profile, classifier, noClassifier, noStream, showTrace, system,
        };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var constitution = PolicySource.Load(parse.GetValue(policy), ctx);
            if (constitution is null)
            {
                return ExitCodes.UsageError;
            }

            var spec = ChatPipeline.ResolveModel(parse.GetValue(model)!, constitution);
            using var client = ChatPipeline.Create(constitution, spec, parse.GetValue(context), parse.GetValue(profile), parse.GetValue(classifier), parse.GetValue(noClassifier));
            var history = new List<ChatMessage>();
            if (parse.GetValue(system) is { Length: > 0 } sys)
            {
                history.Add(new ChatMessage(ChatRole.System, sys));
            }

            var stream = !parse.GetValue(noStream);
            var trace = parse.GetValue(showTrace);
            var failures = 0;
            ctx.Console.MarkupLine($"[dim]AlignLab chat: {Markup.Escape(spec.ToString())} under policy {Markup.Escape(constitution.Name)}. /exit to leave, /reset to start over.[/]");
            while (true)
            {
                ctx.Console.Markup("[bold]you>[/] ");
                var line = await ctx.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null || line.Trim() is "/exit" or "/quit")
                {
                    break;
                }

                if (line.Trim() == "/reset")
                {
                    history.RemoveAll(m => m.Role != ChatRole.System);
                    ctx.Console.MarkupLine("[dim](conversation reset)[/]");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                history.Add(new ChatMessage(ChatRole.User, line));
                ctx.Console.Markup("[bold]model>[/] ");
                try
                {
                    var (text, alignment) = stream
                        ? await StreamAsync(ctx, client, history, cancellationToken).ConfigureAwait(false)
                        : await AnswerAsync(ctx, client, history, cancellationToken).ConfigureAwait(false);
                    ctx.Output.WriteLine();
                    if (alignment is { ModelCalled: false })
                    {
                        history.RemoveAt(history.Count - 1); // a refused turn is not sent to the model later as history
                    }
                    else
                    {
                        history.Add(new ChatMessage(ChatRole.Assistant, text));
                    }

                    if (alignment is not null)
                    {
                        ShowInterventions(ctx, alignment, trace);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures++;
                    history.RemoveAt(history.Count - 1);
                    ctx.Output.WriteLine();
                    ctx.Error.WriteLine($"alignlab: {ex.Message}");
                }
            }

            return failures > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }

    internal static void ShowInterventions(CliContext ctx, AlignmentTrace alignment, bool all)
    {
        foreach (var e in alignment.Events)
        {
            if (all || ShownKinds.Contains(e.Kind) || e.Action != AlignmentAction.Allow)
            {
                ctx.Console.MarkupLine($"[yellow]  ⚑ [[{Markup.Escape(e.Stage)}]] {Markup.Escape(e.Kind)}: {Markup.Escape(e.Summary)}[/]");
            }
        }

        if (alignment.FinalAction != AlignmentAction.Allow || all)
        {
            ctx.Console.MarkupLine($"[dim]  decision: {alignment.FinalAction.ToName()}{(alignment.ModelCalled ? "" : " (model not called)")}[/]");
        }
    }

    private static async Task<(string Text, AlignmentTrace? Trace)> StreamAsync(CliContext ctx, IChatClient client, List<ChatMessage> history, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        AlignmentTrace? trace = null;
        await foreach (var update in client.GetStreamingResponseAsync(history, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await ctx.Output.WriteAsync(update.Text).ConfigureAwait(false);
            text.Append(update.Text);
            trace = update.GetAlignmentTrace() ?? trace;
        }

        return (text.ToString(), trace);
    }

    private static async Task<(string Text, AlignmentTrace? Trace)> AnswerAsync(CliContext ctx, IChatClient client, List<ChatMessage> history, CancellationToken cancellationToken)
    {
        var response = await client.GetResponseAsync(history, cancellationToken: cancellationToken).ConfigureAwait(false);
        await ctx.Output.WriteAsync(response.Text).ConfigureAwait(false);
        return (response.Text, response.GetAlignmentTrace());
    }
}
