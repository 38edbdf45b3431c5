using Spectre.Console;

namespace AlignLab.Cli;

/// <summary>Where a command writes: plain writers for machine output, a Spectre console for people.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, TextReader? input = null)
    {
        Output = output;
        Error = error;
        Input = input ?? (ReferenceEquals(output, System.Console.Out) ? System.Console.In : TextReader.Null);
        var interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = 120;
        }
    }

    public TextWriter Output { get; }
    public TextWriter Error { get; }

    /// <summary>Where interactive commands (chat) read from.</summary>
    public TextReader Input { get; }
    public IAnsiConsole Console { get; }
}
