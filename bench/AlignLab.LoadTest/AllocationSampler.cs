using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AlignLab.LoadTest;

/// <summary>
/// Which types the process allocates, from the runtime's allocation ticks (one event about every 100 KB allocated, naming
/// the type that crossed the mark): a sampled profile, good enough to rank the types of a steady request loop.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _on;

    /// <summary>Starts or stops counting (the listener stays attached).</summary>
    public bool Sampling
    {
        get => _on;
        set => _on = value;
    }

    /// <summary>The sampled types, most bytes first, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        return [.. _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, (double)p.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: allocation ticks
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = names.IndexOf("AllocationAmount64") is var i and >= 0
            ? Convert.ToInt64(payload[i], System.Globalization.CultureInfo.InvariantCulture)
            : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }
}
