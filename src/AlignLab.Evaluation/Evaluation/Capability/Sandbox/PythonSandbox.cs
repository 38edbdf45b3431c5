using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AlignLab.Evaluation.Capability.Sandbox;

/// <summary>
/// Runs untrusted Python (HumanEval completions) isolated from the machine. Each program runs in
/// <c>unshare --mount --net --pid --fork</c>: a network namespace with no interfaces up (no network, not even
/// loopback), a PID namespace (killing its first process kills everything the program started, daemons included),
/// and a private mount namespace in which every mount is remounted read-only and a fresh size-limited tmpfs is the
/// working directory. The interpreter (<c>python3 -I -S</c>, program on standard input, empty environment) runs as
/// <c>nobody</c> with no capabilities and <c>no_new_privs</c>, under CPU, address-space, file-size, process and
/// core-dump limits, and is killed with its whole process tree at the wall-clock timeout.
/// Needs Linux, root (to create the namespaces), util-linux <c>unshare</c>, <c>setpriv</c> and <c>prlimit</c>, and
/// python3; <see cref="CreateAsync"/> says which is missing.
/// </summary>
public sealed class PythonSandbox
{
    /// <summary>The exit code the sandbox's own set-up uses when it cannot isolate the program (the program did not run).</summary>
    public const int SetupFailedExitCode = 97;

    // $1 work dir, $2 python, $3 cpu seconds, $4 address space, $5 file size, $6 processes.
    private const string Script = """
        set -u
        work=$1
        while read -r _ _ _ _ mountpoint _; do
          mount -o remount,bind,ro "$mountpoint" 2>/dev/null
        done < /proc/self/mountinfo
        for d in / /tmp /var/tmp /dev/shm /run /run/lock /dev/mqueue /home /root; do
          if [ -d "$d" ] && [ -w "$d" ]; then echo "alignlab sandbox: $d is still writable; not running" >&2; exit 97; fi
        done
        mount -t tmpfs -o "size=$5,mode=0700,uid=65534,gid=65534,nosuid,nodev" alignlab-sandbox "$work" || exit 97
        cd "$work" || exit 97
        exec setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- \
          prlimit "--cpu=$3" "--as=$4" "--fsize=$5" --core=0 "--nproc=$6" --nofile=64 -- \
          env -i PATH=/usr/bin:/bin HOME="$work" TMPDIR="$work" LANG=C.UTF-8 "$2" -I -S -
        """;

    private readonly PythonSandboxOptions _options;

    private PythonSandbox(string python, PythonSandboxOptions options)
    {
        Python = python;
        _options = options;
    }

    /// <summary>The interpreter the sandbox runs.</summary>
    public string Python { get; }

    /// <summary>The time limit of the self-test program (or the run limit, when that is longer).</summary>
    public static readonly TimeSpan SelfTestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A working sandbox, or null and the reason it cannot run here (not Linux, not root, a tool or python3 missing,
    /// or the isolation failed its self-test). The self-test runs one tiny program in the sandbox.
    /// </summary>
    public static async Task<(PythonSandbox? Sandbox, string? Unavailable)> CreateAsync(PythonSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PythonSandboxOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        if (!OperatingSystem.IsLinux())
        {
            return (null, "the HumanEval sandbox needs Linux (namespaces)");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return (null, "the HumanEval sandbox needs root to create its namespaces and drop to 'nobody'");
        }

        foreach (var tool in new[] { "unshare", "setpriv", "prlimit", "mount", "sh" })
        {
            if (FindOnPath(tool) is null)
            {
                return (null, $"the HumanEval sandbox needs '{tool}' (util-linux), which is not installed");
            }
        }

        var candidates = options.PythonPath is { } p ? [p] : new[] { "/usr/bin/python3", "/usr/local/bin/python3", FindOnPath("python3") }.OfType<string>().Distinct().Where(File.Exists).ToList();
        if (candidates.Count == 0)
        {
            return (null, "python3 is not installed, so HumanEval cannot be executed");
        }

        // The self-test has its own time limit: a run limit of a second or two is right for a program, but an interpreter
        // that starts slowly on a loaded machine (a pyenv shim is a shell script) must not make the sandbox unavailable.
        var own = options.Copy();
        var selfTest = options.Copy();
        selfTest.Timeout = options.Timeout > SelfTestTimeout ? options.Timeout : SelfTestTimeout;
        string? lastError = null;
        foreach (var python in candidates)
        {
            var run = await new PythonSandbox(python, selfTest).RunAsync("print(6 * 7)\n", cancellationToken).ConfigureAwait(false);
            if (run.Passed && run.Stdout.Trim() == "42")
            {
                return (new PythonSandbox(python, own), null);
            }

            lastError = $"{python}: exit {run.ExitCode}{(run.TimedOut ? " (timed out)" : "")}: {Shorten(run.Stderr)}";
        }

        return (null, $"the HumanEval sandbox failed its self-test ({lastError})");
    }

    /// <summary>Runs <paramref name="program"/> (Python source) in the sandbox.</summary>
    public async Task<SandboxRun> RunAsync(string program, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        var mountPoint = Directory.CreateTempSubdirectory("alignlab-sandbox-");
        var start = Stopwatch.GetTimestamp();
        try
        {
            var info = new ProcessStartInfo(FindOnPath("unshare") ?? "unshare")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            info.Environment.Clear();
            info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
            var cpuSeconds = (int)Math.Ceiling(_options.Timeout.TotalSeconds) + 1;
            foreach (var arg in new[]
            {
                "--mount", "--net", "--pid", "--fork", "--kill-child=SIGKILL", "--mount-proc", "--", "sh", "-c", Script, "alignlab-sandbox",
                mountPoint.FullName, Python, cpuSeconds.ToString(CultureInfo.InvariantCulture), _options.MemoryBytes.ToString(CultureInfo.InvariantCulture),
                _options.FileBytes.ToString(CultureInfo.InvariantCulture), _options.MaxProcesses.ToString(CultureInfo.InvariantCulture),
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = new Process { StartInfo = info };
            process.Start();
            var stdout = ReadCappedAsync(process.StandardOutput, _options.MaxOutputChars);
            var stderr = ReadCappedAsync(process.StandardError, _options.MaxOutputChars);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            var timedOut = false;
            try
            {
                try
                {
                    await process.StandardInput.WriteAsync(program.AsMemory(), timeout.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The program exited (or the set-up failed) before reading all of its source: its exit code tells.
                }

                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            return new SandboxRun(timedOut ? -1 : process.ExitCode, timedOut, output, error, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        finally
        {
            try
            {
                mountPoint.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the mount point is an empty directory on the host (the tmpfs lived only in the namespace).
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true); // unshare dies; --kill-child and the PID namespace take every descendant with it
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, int max)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            var room = max - kept.Length;
            if (room > 0)
            {
                kept.Append(buffer, 0, Math.Min(room, n));
            }
        }

        return kept.ToString();
    }

    private static string? FindOnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
            {
                return Path.Combine(dir, tool);
            }
        }

        return null;
    }

    private static string Shorten(string text)
    {
        var t = text.Trim().ReplaceLineEndings(" ");
        return t.Length <= 300 ? t : t[..300] + "…";
    }
}
