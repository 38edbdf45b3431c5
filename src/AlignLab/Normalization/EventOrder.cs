namespace AlignLab.Normalization;

/// <summary>Stable ordering of events by original start position.</summary>
internal static class EventOrder
{
    /// <summary>Returns the events ordered by start position; events with equal starts keep their order.</summary>
    public static NormalizationEvent[] Sort(NormalizationEvent[] events)
    {
        var sorted = true;
        for (var i = 1; i < events.Length && sorted; i++)
        {
            sorted = events[i - 1].OriginalSpan.Start <= events[i].OriginalSpan.Start;
        }

        if (sorted)
        {
            return events;
        }

        var keys = new long[events.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ((long)events[i].OriginalSpan.Start << 32) | (uint)i;
        }

        Array.Sort(keys, events);
        return events;
    }
}
