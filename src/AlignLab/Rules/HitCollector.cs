namespace AlignLab.Rules;

/// <summary>Pattern matches found in one evaluation, grouped by pattern. Reused per thread to avoid allocations.</summary>
internal sealed class HitCollector
{
    private int[] _first = [];
    private int[] _counts = [];
    private readonly List<Hit> _hits = [];

    public List<Token> Tokens { get; } = [];

    public void Reset(int patternCount)
    {
        if (_first.Length < patternCount)
        {
            _first = new int[patternCount];
            _counts = new int[patternCount];
        }

        Array.Fill(_first, -1, 0, patternCount);
        Array.Clear(_counts, 0, patternCount);
        _hits.Clear();
    }

    /// <summary>View index -1 means the original (case-sensitive) text.</summary>
    public void Add(int patternId, int view, int start, int length)
    {
        // Bounded for hostile input; a pattern past the cap is marked as overflowed, and rules then fail closed
        // (an exception or context window cannot be proven for the hits that were not kept).
        if (++_counts[patternId] > MaxHitsPerPattern)
        {
            return;
        }

        _hits.Add(new Hit(view, start, length, _first[patternId]));
        _first[patternId] = _hits.Count - 1;
    }

    /// <summary>Hits kept per pattern before it counts as overflowed.</summary>
    public const int MaxHitsPerPattern = 4096;

    public bool Any(int patternId) => _first[patternId] >= 0;

    /// <summary>True when the pattern matched more often than was kept.</summary>
    public bool Overflowed(int patternId) => _counts[patternId] > MaxHitsPerPattern;

    public IEnumerable<Hit> For(int patternId)
    {
        var list = new List<Hit>();
        for (var i = _first[patternId]; i >= 0; i = _hits[i].Next)
        {
            list.Add(_hits[i]);
        }

        list.Reverse();
        return list;
    }

    public readonly record struct Hit(int View, int Start, int Length, int Next)
    {
        public int End => Start + Length;
    }
}
