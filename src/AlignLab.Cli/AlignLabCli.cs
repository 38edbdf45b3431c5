using System.CommandLine;
using AlignLab.Cli.Commands;
using AlignLab.Diagnostics;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Llama;
using AlignLab.Training.Serving;

namespace AlignLab.Cli;

/// <summary>The <c>alignlab</c> command line. <c>RunAsync</c> is used by Program and by the tests.</summary>
public static class AlignLabCli
{
    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, null, cancellationToken);

    /// <summary>Parses and runs <paramref name="args"/> with <paramref name="input"/> as standard input (for chat).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input, CancellationToken cancellationToken = default)
    {
        LlamaProvider.Register(); // llama:PATH.gguf wherever a model spec is accepted
        TorchProvider.Register(); // torch:DIR (a checkpoint folder run by TorchSharp) likewise
        var ctx = new CliContext(output, error, input);
        var root = BuildRoot(ctx);
        if (args.Length == 0)
        {
            // No command at all: the whole help, which lists the commands, rather than a one-line parse error.
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var names = new List<string>();
            for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            {
                names.Insert(0, c.Command.Name);
            }

            var path = string.Join(' ', names);
            if (UnknownSubcommand(parse.CommandResult.Command, args, names.Count - 1) is { } unknown)
            {
                // 'alignlab chekc' said only "Required command was not provided" and "Unrecognized command or argument".
                var commands = parse.CommandResult.Command.Subcommands.Select(c => c.Name).ToList();
                await error.WriteLineAsync($"alignlab: unknown command '{path} {unknown}'; {Suggestions.Hint(unknown, commands)}").ConfigureAwait(false);
                await error.WriteLineAsync($"see '{path} --help'").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            // One line per problem and a pointer to the help, instead of the whole help text.
            foreach (var e in parse.Errors)
            {
                var lines = e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                await error.WriteLineAsync("alignlab: " + lines[0] + (lines.Length > 1 ? " " + string.Join(", ", lines[1..]) : "")).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"see '{path} --help'").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var code = await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
            return parse.Errors.Count > 0 ? ExitCodes.UsageError : code;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("alignlab: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync("alignlab: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (ModelProviderException ex)
        {
            // Configuration problems (an unset API key) are usage errors where clients are created; this is a failure at run time.
            await error.WriteLineAsync("alignlab: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
#pragma warning disable CA1031 // The command line must report any failure as an exit code, not a crash dump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"alignlab: internal error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("Please report this with the command you ran.").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The word given where <paramref name="command"/> (reached after <paramref name="depth"/> words) needs one of its
    /// subcommands and none of them is named, or null.
    /// </summary>
    private static string? UnknownSubcommand(Command command, string[] args, int depth)
    {
        if (command.Subcommands.Count == 0 || command.Arguments.Count > 0 || depth >= args.Length || args[depth].StartsWith('-'))
        {
            return null;
        }

        var word = args[depth];
        return command.Subcommands.Any(c => c.Name == word || c.Aliases.Contains(word)) ? null : word;
    }

    /// <summary>Builds the command tree.</summary>
    public static Command BuildRoot(CliContext ctx)
    {
        // A plain command named alignlab, so that help and usage lines show the tool's name, not the assembly's (AlignLab.Cli).
        var root = new Command("alignlab", "AlignLab: make an LLM system safe and helpful, and prove it with numbers.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(EvalCommand.Create(ctx));
        root.Subcommands.Add(CheckCommand.Create(ctx));
        root.Subcommands.Add(ValidateCommand.Create(ctx));
        root.Subcommands.Add(TestRuleCommand.Create(ctx));
        root.Subcommands.Add(RulesCommand.Create(ctx));
        root.Subcommands.Add(ClassifyCommand.Create(ctx));
        root.Subcommands.Add(EvalClassifierCommand.Create(ctx));
        root.Subcommands.Add(DataCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(ModelCommand.Create(ctx));
        root.Subcommands.Add(ChatCommand.Create(ctx));
        root.Subcommands.Add(ReviewCommand.Create(ctx));
        root.Subcommands.Add(ReportCommand.Create(ctx));
        root.Subcommands.Add(TuneCommand.Create(ctx));
        root.Subcommands.Add(AnalyzeCommand.Create(ctx));
        root.Subcommands.Add(ProfileCommand.Create(ctx));
        root.Subcommands.Add(ServeCommand.Create(ctx));
        root.Subcommands.Add(CaiCommand.Create(ctx));
        root.Subcommands.Add(RedteamCommand.Create(ctx));
        root.Subcommands.Add(AttacksCommand.Create(ctx));
        root.Subcommands.Add(PrefsCommand.Create(ctx));
        root.Subcommands.Add(PolicyCommand.Create(ctx));
        root.Subcommands.Add(AbCommand.Create(ctx));
        GuardFactory.RejectClassifierConflicts(root);
        return root;
    }
}
