namespace AlignLab.Rules;

/// <summary>
/// Matches many word/phrase patterns in one pass over a text's tokens: a hash lookup per token, so the cost
/// is linear in the text and almost independent of the number of rules.
/// </summary>
internal sealed class KeywordIndex
{
    private readonly Dictionary<string, List<Entry>> _byFirst = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _singlePrefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>>.AlternateLookup<ReadOnlySpan<char>> _firstLookup;
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;
    private int _minPrefix = int.MaxValue;
    private int _maxPrefix;

    public KeywordIndex()
    {
        _firstLookup = _byFirst.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLookup = _singlePrefixes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsEmpty => _byFirst.Count == 0 && _singlePrefixes.Count == 0;

    /// <summary>Adds a phrase (already normalised and split into words). With <paramref name="prefix"/> the last word may continue.</summary>
    public void Add(int patternId, string[] words, bool prefix)
    {
        if (words.Length == 0)
        {
            return;
        }

        if (prefix && words.Length == 1)
        {
            if (!_singlePrefixes.TryGetValue(words[0], out var ids))
            {
                _singlePrefixes[words[0]] = ids = [];
            }

            if (!ids.Contains(patternId))
            {
                ids.Add(patternId);
            }

            _minPrefix = Math.Min(_minPrefix, words[0].Length);
            _maxPrefix = Math.Max(_maxPrefix, words[0].Length);
            return;
        }

        if (!_byFirst.TryGetValue(words[0], out var list))
        {
            _byFirst[words[0]] = list = [];
        }

        // Phrases shared by many patterns (e.g. "how to" in every rule's context) are matched once.
        var rest = words[1..];
        var entry = list.Find(e => e.Prefix == prefix && e.Rest.AsSpan().SequenceEqual(rest));
        if (entry is null)
        {
            list.Add(entry = new Entry(rest, prefix));
        }

        if (!entry.PatternIds.Contains(patternId))
        {
            entry.PatternIds.Add(patternId);
        }
    }

    /// <summary>Reports every phrase occurrence as (pattern id, start, length) in <paramref name="text"/>.</summary>
    public void Scan(ReadOnlySpan<char> text, List<Token> tokens, int view, HitCollector hits)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var word = text.Slice(t.Start, t.Length);
            if (_firstLookup.TryGetValue(word, out var entries))
            {
                foreach (var e in entries)
                {
                    if (MatchRest(text, tokens, i, e, out var end))
                    {
                        foreach (var id in e.PatternIds)
                        {
                            hits.Add(id, view, t.Start, end - t.Start);
                        }
                    }
                }
            }

            if (_singlePrefixes.Count > 0 && word.Length >= _minPrefix)
            {
                var max = Math.Min(word.Length, _maxPrefix);
                for (var len = _minPrefix; len <= max; len++)
                {
                    if (_prefixLookup.TryGetValue(word[..len], out var ids))
                    {
                        foreach (var id in ids)
                        {
                            hits.Add(id, view, t.Start, t.Length);
                        }
                    }
                }
            }
        }
    }

    private static bool MatchRest(ReadOnlySpan<char> text, List<Token> tokens, int first, Entry e, out int end)
    {
        var t0 = tokens[first];
        end = t0.End;
        if (e.Rest.Length == 0)
        {
            // Single word: exact (prefix single words live in _singlePrefixes).
            return true;
        }

        if (first + e.Rest.Length >= tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < e.Rest.Length; k++)
        {
            var tk = tokens[first + 1 + k];
            var w = text.Slice(tk.Start, tk.Length);
            var expected = e.Rest[k];
            var last = k == e.Rest.Length - 1;
            var ok = last && e.Prefix ? w.StartsWith(expected, StringComparison.Ordinal) : w.SequenceEqual(expected);
            if (!ok)
            {
                return false;
            }

            end = tk.End;
        }

        return true;
    }

    private sealed record Entry(string[] Rest, bool Prefix)
    {
        public List<int> PatternIds { get; } = [];
    }
}
