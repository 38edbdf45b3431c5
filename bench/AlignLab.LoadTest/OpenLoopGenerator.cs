using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AlignLab.LoadTest;

/// <summary>
/// Open-loop load at a fixed rate with little cost of its own: request <c>i</c> is due at <c>start + i / rate</c>, and a
/// few threads, each with one kept-alive connection, take the next due request whenever they are free, sleep to its
/// deadline (<see cref="MonotonicClock.SleepUntil"/>), send it and read the answer with blocking calls. There is no task,
/// timer or allocation per request, and all request bytes are prepared before the clock starts. Latency counts from
/// the due time, so a request sent late because every connection was busy still counts its wait (no coordinated
/// omission). How late each request was sent is recorded too: it is the generator's own delay.
/// </summary>
internal static class OpenLoopGenerator
{
    public static OpenLoopResult Run(string name, EndPoint server, IReadOnlyList<byte[]> requests, double perSecond, int connections)
    {
        var count = requests.Count;
        var latencies = new double[count];
        var lateness = new double[count];
        var statuses = new int[count];
        var next = -1;
        var period = 1e9 / perSecond;
        var cpuBefore = OwnCpu();
        var start = MonotonicClock.Now() + 20_000_000; // 20 ms for the threads to start
        var threads = Enumerable.Range(0, connections).Select(_ => new Thread(() =>
        {
            using var connection = new RawHttpConnection(server);
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }

                var due = start + (long)(i * period);
                MonotonicClock.SleepUntil(due);
                lateness[i] = (MonotonicClock.Now() - due) / 1e6;
                try
                {
                    statuses[i] = connection.Exchange(requests[i]);
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                    statuses[i] = -1;
                    connection.Reset();
                }

                latencies[i] = (MonotonicClock.Now() - due) / 1e6;
            }
        })
        { IsBackground = true, Name = "load connection" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = TimeSpan.FromMilliseconds((MonotonicClock.Now() - start) / 1e6);
        var cpu = OwnCpu() - cpuBefore;
        return new OpenLoopResult(name, perSecond, latencies, lateness, statuses.Count(s => s != 200), elapsed, cpu);
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
