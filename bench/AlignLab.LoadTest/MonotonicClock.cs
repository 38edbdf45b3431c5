using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AlignLab.LoadTest;

/// <summary>
/// Nanosecond time and sleeps to an absolute deadline. On Linux this is <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c>,
/// which wakes within tens of microseconds of the deadline with no timer object and no spinning (.NET's own sleeps and
/// timers round to milliseconds). Elsewhere it sleeps to the last millisecond and spins the rest.
/// </summary>
internal static partial class MonotonicClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;

    /// <summary>Now, in nanoseconds of the monotonic clock.</summary>
    public static long Now()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockMonotonic, out var ts) == 0)
        {
            return (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    /// <summary>Returns at <paramref name="deadline"/> (a <see cref="Now"/> value) or at once when it has passed.</summary>
    public static void SleepUntil(long deadline)
    {
        if (OperatingSystem.IsLinux())
        {
            var ts = new Timespec { Seconds = deadline / 1_000_000_000, Nanoseconds = deadline % 1_000_000_000 };
            while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in ts, IntPtr.Zero) != 0 && Now() < deadline)
            {
                // Interrupted by a signal: sleep again to the same deadline.
            }

            return;
        }

        var left = deadline - Now();
        if (left > 2_000_000)
        {
            Thread.Sleep(TimeSpan.FromTicks((left - 1_000_000) / 100));
        }

        var spin = new SpinWait();
        while (Now() < deadline)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in Timespec request, IntPtr remain);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
