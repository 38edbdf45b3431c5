using System.Diagnostics;

namespace AlignLab.Testing.Support;

/// <summary>
/// A throw-away PostgreSQL cluster (Debian's postgresql package: initdb + pg_ctl) in a temp dir on a free loopback
/// port, run as the <c>postgres</c> user, removed on dispose. Needs root (to switch user) and the server binaries.
/// </summary>
public sealed class TemporaryPostgres : IDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private TemporaryPostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=alignlab;Database=postgres;Pooling=true;Timeout=10";

    /// <summary>Why a cluster cannot be started here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "needs root on Linux to run a throw-away PostgreSQL as the postgres user";
        }

        return FindBin() is null ? "PostgreSQL server binaries (Debian package postgresql) not found" : null;
    }

    public static TemporaryPostgres Start()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(Unavailable());
        var dir = Path.Combine(Path.GetTempPath(), "alignlab-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Run("chown", "postgres:postgres", dir);
        var data = Path.Combine(dir, "data");
        RunAsPostgres(Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "alignlab", "--no-sync", "-E", "UTF8");

        // PostgreSQL cannot bind port 0, so a free port is picked first; another test's server may take it before
        // PostgreSQL binds it, in which case the start fails and is tried again on a new port.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            try
            {
                RunAsPostgres(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(dir, "log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
                return new TemporaryPostgres(bin, dir, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose()
    {
        try
        {
            RunAsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;

    private static void RunAsPostgres(string exe, params string[] args) => Run("runuser", ["-u", "postgres", "--", exe, .. args]);

    private static void Run(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"{exe} did not finish");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }
}
