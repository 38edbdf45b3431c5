namespace AlignLab.Normalization;

/// <summary>
/// Collects the events of one view. Consecutive events of the same kind that touch are merged when asked
/// (a run of Cyrillic letters or a Zalgo stack gives one event); past <see cref="NormalizationOptions.MaxEvents"/>
/// every new event is merged into the last event of its kind so memory stays bounded.
/// </summary>
internal sealed class EventCollector
{
    private const int DetailLimit = 80;
    private const int KindCount = 10;

    private readonly int _maxEvents;
    private readonly int[] _lastByKind = new int[KindCount];
    private PendingEvent[] _items = [];
    private int _count;

    public EventCollector(int maxEvents)
    {
        _maxEvents = Math.Max(1, maxEvents);
        Array.Fill(_lastByKind, -1);
    }

    public int Count => _count;

    /// <summary>Adds an event, merging it into the previous event of the same kind when that one ends where this one starts.</summary>
    public void AddTouching(TransformKind kind, int start, int end, string detail)
    {
        var last = _lastByKind[(int)kind];
        if (last >= 0 && _items[last].End == start)
        {
            _items[last].End = end;
            _items[last].Extra++;
            return;
        }

        Add(kind, start, end, detail);
    }

    /// <summary>Adds an event (merged into the last one of its kind only when the event limit is reached).</summary>
    public void Add(TransformKind kind, int start, int end, string detail)
    {
        var last = _lastByKind[(int)kind];
        if (_count >= _maxEvents && last >= 0)
        {
            ref var e = ref _items[last];
            e.Start = Math.Min(e.Start, start);
            e.End = Math.Max(e.End, end);
            e.Extra++;
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(8, _count * 2));
        }

        _items[_count] = new PendingEvent { Kind = kind, Start = start, End = end, Detail = detail, Sequence = _count };
        _lastByKind[(int)kind] = _count;
        _count++;
    }

    /// <summary>
    /// Builds the final events ordered by position. With <paramref name="constant"/> every event is located at
    /// that span (events of a decoded view all point at the encoded segment).
    /// </summary>
    public NormalizationEvent[] Build(TextSpan? constant)
    {
        if (_count == 0)
        {
            return [];
        }

        var items = _items.AsSpan(0, _count);
        var sorted = true;
        for (var i = 1; i < items.Length && sorted; i++)
        {
            sorted = items[i - 1].Start <= items[i].Start;
        }

        if (!sorted)
        {
            items.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Sequence.CompareTo(b.Sequence));
        }
        var result = new NormalizationEvent[_count];
        for (var i = 0; i < items.Length; i++)
        {
            ref var e = ref items[i];
            var detail = e.Extra == 0 ? e.Detail : $"{e.Detail} (+{e.Extra} more)";
            var span = constant ?? TextSpan.FromBounds(e.Start, e.End);
            result[i] = new NormalizationEvent(e.Kind, span, Truncate(detail));
        }

        return result;
    }

    /// <summary>Shortens a detail string to about 80 characters.</summary>
    public static string Truncate(string detail)
    {
        if (detail.Length <= DetailLimit)
        {
            return detail;
        }

        var cut = DetailLimit - 1;
        if (char.IsHighSurrogate(detail[cut - 1]))
        {
            cut--;
        }

        return string.Concat(detail.AsSpan(0, cut), "…");
    }

    /// <summary>Quotes a snippet for a detail string, escaping control characters and cutting it short.</summary>
    public static string Quote(ReadOnlySpan<char> text, int limit = 32)
    {
        var cut = text.Length > limit;
        var slice = cut ? text[..limit] : text;
        Span<char> buffer = stackalloc char[slice.Length];
        for (var i = 0; i < slice.Length; i++)
        {
            var c = slice[i];
            if (char.IsHighSurrogate(c) && i + 1 < slice.Length && char.IsLowSurrogate(slice[i + 1]))
            {
                buffer[i] = c;
                buffer[i + 1] = slice[i + 1];
                i++;
                continue;
            }

            buffer[i] = char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c;
        }

        return cut ? $"\"{buffer}…\"" : $"\"{buffer}\"";
    }
}
