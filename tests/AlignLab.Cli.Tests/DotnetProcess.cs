using System.Runtime.InteropServices;
using AlignLab.Testing.Processes;

namespace AlignLab.Cli.Tests;

/// <summary>
/// Runs a .NET program (dotnet, the alignlab apphost, an installed tool) through the shared
/// <see cref="Testing.Processes.ChildProcess"/>, with the environment such programs need in a test.
/// </summary>
internal static class DotnetProcess
{
    /// <summary>
    /// The .NET installation running the tests, for apphosts and tool shims started by a test (DOTNET_ROOT), so they
    /// find the runtime wherever the SDK is installed.
    /// </summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static readonly Dictionary<string, string?> Environment = new(StringComparer.Ordinal)
    {
        ["DOTNET_ROOT"] = DotnetRoot,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        // No MSBuild node or compiler server outliving a build: they would hold the output pipes open after it ends.
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    public static async Task<CliResult> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var outcome = await Testing.Processes.ChildProcess.RunAsync(program, args, timeout, workingDirectory ?? CliRunner.Root, Environment);
        return new CliResult(outcome.ExitCode, outcome.Output, outcome.Error);
    }
}
