using System.Globalization;

namespace AlignLab.LoadTest;

/// <summary>
/// CPU time (user + system, all threads) of another process, from <c>/proc/PID/stat</c> (Linux; 10 ms resolution), and its
/// threads' context switches.
/// </summary>
internal static class ServerCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, fixed at 100 for /proc on Linux

    /// <summary>The process's CPU time so far, or null when it cannot be read.</summary>
    public static TimeSpan? Read(int? pid)
    {
        if (pid is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid.Value.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are space-separated.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Context switches (voluntary + involuntary) of the process's live threads so far, from <c>/proc/PID/task/*/status</c>,
    /// or null when they cannot be read. A thread that exited takes its count with it, so over a phase this can undercount.
    /// </summary>
    public static long? ContextSwitches(int? pid)
    {
        if (pid is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            long total = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.Value.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                            || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            total += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // The thread exited while being read.
                }
            }

            return total;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
