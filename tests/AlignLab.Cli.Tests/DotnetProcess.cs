using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AlignLab.Cli.Tests;

/// <summary>Runs a program (dotnet, an installed tool) to completion and captures its output and exit code.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// The .NET installation running the tests, for apphosts and tool shims started by a test (DOTNET_ROOT), so they
    /// find the runtime wherever the SDK is installed.
    /// </summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static async Task<CliResult> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? CliRunner.Root,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild node or compiler server outliving a build: they would hold the output pipes open after it ends.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
