using System.Globalization;

namespace AlignLab.LoadTest;

/// <summary>CPU time (user + system, all threads) of another process, from <c>/proc/PID/stat</c> (Linux; 10 ms resolution).</summary>
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
}
