using System.Text.RegularExpressions;
using AlignLab.Constitutions;
using AlignLab.Normalization;

namespace AlignLab.Rules;

/// <summary>
/// A constitution's distinct patterns, compiled once: literal phrases go to a shared word index, the rest become
/// linear-time regexes (behind one combined prefilter when they can be joined). <see cref="Scan"/> runs every view of a
/// text through them once. Thread-safe once sealed.
/// </summary>
internal sealed class PatternSet
{
    private readonly TextNormalizer _normalizer;
    private readonly KeywordIndex _keywords = new();
    private readonly List<(int Id, Regex Regex)> _viewRegexes = [];
    private readonly List<(int Id, Regex Regex)> _originalRegexes = [];
    private readonly Dictionary<(string, MatchMode, bool), int> _ids = [];
    private Regex? _viewPrefilter;

    public PatternSet(TextNormalizer normalizer) => _normalizer = normalizer;

    /// <summary>Number of distinct compiled patterns.</summary>
    public int Count => _ids.Count;

    /// <summary>Compiles <paramref name="spec"/> (once per distinct pattern) and returns its id; -1 for none.</summary>
    public int Add(PatternSpec? spec)
    {
        if (spec is null)
        {
            return -1;
        }

        var key = (spec.Pattern, spec.Mode, spec.CaseSensitive);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = _ids.Count;
        _ids[key] = id;
        if (!spec.CaseSensitive && spec.Mode != MatchMode.Substring && PatternCompiler.TryParseLiterals(spec.Pattern, out var phrases))
        {
            foreach (var phrase in phrases)
            {
                var words = WordTokenizer.Words(_normalizer.Normalize(phrase).Primary.Text);
                _keywords.Add(id, words, spec.Mode == MatchMode.Prefix);
            }
        }
        else
        {
            var regex = PatternCompiler.BuildRegex(spec);
            (spec.CaseSensitive ? _originalRegexes : _viewRegexes).Add((id, regex));
        }

        return id;
    }

    /// <summary>Ends compilation: one linear-time scan then tells whether any regex pattern can match a view.</summary>
    public void Seal()
    {
        if (_viewRegexes.Count <= 1)
        {
            return;
        }

        try
        {
            _viewPrefilter = new Regex(
                string.Join('|', _viewRegexes.Select(r => "(?:" + r.Regex + ")")),
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
                PatternCompiler.MatchTimeout);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // Too large for one automaton, or patterns that cannot be joined (e.g. inline (?x) comments):
            // scan pattern by pattern.
            _viewPrefilter = null;
        }
    }

    /// <summary>
    /// Records every pattern occurrence in every view (and, for case-sensitive patterns, the original) into
    /// <paramref name="hits"/>.
    /// </summary>
    /// <returns>The patterns that timed out.</returns>
    public List<string> Scan(string text, NormalizedText normalized, HitCollector hits)
    {
        var failures = new List<string>(0);
        var views = normalized.Views;
        for (var v = 0; v < views.Count; v++)
        {
            var viewText = views[v].Text;
            if (!_keywords.IsEmpty)
            {
                hits.Tokens.Clear();
                WordTokenizer.Tokenize(viewText, hits.Tokens);
                _keywords.Scan(viewText, hits.Tokens, v, hits);
            }

            if (_viewRegexes.Count == 0 || !MayMatch(viewText, failures))
            {
                continue;
            }

            foreach (var (id, regex) in _viewRegexes)
            {
                ScanRegex(regex, id, viewText, v, hits, failures);
            }
        }

        foreach (var (id, regex) in _originalRegexes)
        {
            ScanRegex(regex, id, text, -1, hits, failures);
        }

        return failures;
    }

    private bool MayMatch(string text, List<string> failures)
    {
        if (_viewPrefilter is null)
        {
            return true;
        }

        try
        {
            return _viewPrefilter.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            failures.Add($"the combined pattern scan timed out after {PatternCompiler.MatchTimeout.TotalSeconds:0.#} s");
            return false;
        }
    }

    private static void ScanRegex(Regex regex, int id, string input, int view, HitCollector hits, List<string> failures)
    {
        try
        {
            foreach (var m in regex.EnumerateMatches(input))
            {
                hits.Add(id, view, m.Index, m.Length);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            failures.Add($"pattern '{YamlNodeReader.Shorten(regex.ToString())}' timed out after {PatternCompiler.MatchTimeout.TotalSeconds:0.#} s");
        }
    }
}
