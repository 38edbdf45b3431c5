using System.Diagnostics;

namespace AlignLab.Testing.Processes;

/// <summary>
/// Runs a program to completion with its output captured, for tests that start a real tool (the alignlab apphost,
/// dotnet, promtool). A program that does not end within the timeout is killed with its whole process tree and the
/// call throws <see cref="TimeoutException"/> naming the command line.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> and waits for it to end.</summary>
    /// <param name="program">The executable, by path or by name on PATH.</param>
    /// <param name="args">The arguments, each passed as one argument (no shell quoting).</param>
    /// <param name="timeout">How long the program may run.</param>
    /// <param name="workingDirectory">Its working directory; null for the test's own.</param>
    /// <param name="environment">Variables to set (or, with a null value, to remove) in its environment.</param>
    public static async Task<ProcessOutcome> RunAsync(
        string program,
        IEnumerable<string> args,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        var argList = args.ToList();
        foreach (var a in argList)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', argList)} did not finish within {timeout}");
        }

        return new ProcessOutcome(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
