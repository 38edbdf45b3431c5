using System.Diagnostics;
using System.Text;
using AlignLab.Cli;

namespace AlignLab.Cli.Tests;

/// <summary>
/// A real <c>alignlab serve</c> in its own OS process (<c>dotnet AlignLab.Cli.dll serve …</c>, the build the tests run
/// on), listening on a loopback port it picked; <see cref="BaseAddress"/> is read from its "listening on" line.
/// Disposing it kills the process (SIGKILL, as a crash would), so nothing of it outlives the test.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;

    private ServeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The gateway's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>serve</c> with <paramref name="args"/> (plus <c>--urls http://127.0.0.1:0 --no-dashboard</c>) and waits
    /// until it listens.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cli = typeof(AlignLabCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(cli)!,
        };
        foreach (var a in (string[])[cli, "serve", .. args, "--urls", "http://127.0.0.1:0", "--no-dashboard"])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("alignlab serve did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void Line(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException("alignlab serve ended before listening:\n" + output));
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            var at = line.IndexOf("listening on http://", StringComparison.Ordinal);
            if (at >= 0)
            {
                var url = line[(at + "listening on ".Length)..].Split(' ')[0].TrimEnd('/');
                listening.TrySetResult(new Uri(url + "/"));
            }
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(StartTimeout);
            var serve = new ServeProcess(process, address);
            return serve;
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP client for the gateway (loopback without keys: anonymous callers hold every scope).</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
