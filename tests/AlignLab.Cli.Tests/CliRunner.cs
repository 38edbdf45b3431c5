namespace AlignLab.Cli.Tests;

/// <summary>Runs the real command line in-process and captures its output and exit code.</summary>
internal static class CliRunner
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs with <paramref name="input"/> as standard input (for interactive commands).</summary>
    public static async Task<CliResult> RunWithInputAsync(string? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = input is null ? null : new StringReader(input);
        var code = await AlignLabCli.RunAsync(args, output, error, reader);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AlignLab.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found");
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
