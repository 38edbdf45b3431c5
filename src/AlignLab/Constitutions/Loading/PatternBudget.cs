using AlignLab.Diagnostics;
using AlignLab.Rules;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// Patterns are read and measured with the YAML, and compiled only once the whole policy (with its includes) is known to be
/// within <see cref="ConstitutionLoadOptions"/>' limits: a policy over a limit costs one error, not thousands of compilations.
/// One budget is shared by a file and everything it includes.
/// </summary>
internal sealed class PatternBudget(ConstitutionLoadOptions options)
{
    private const string OptionsName = nameof(ConstitutionLoadOptions);
    private readonly ConstitutionLoadOptions _options = options;
    private readonly List<PendingPattern> _pendingPatterns = [];
    private readonly HashSet<string> _regexSets = new(StringComparer.Ordinal);
    private int _ruleItems;
    private long _patternChars;
    private int _regexPatterns;
    private bool _rulesCapped;
    private bool _patternsCapped;

    /// <summary>Counts a rule against <see cref="ConstitutionLoadOptions.MaxRules"/>; false when no more are read.</summary>
    public bool CountRule(YamlNodeReader r, YamlNode item)
    {
        if (_rulesCapped)
        {
            return false;
        }

        if (_ruleItems >= _options.MaxRules)
        {
            _rulesCapped = true;
            r.Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"the policy has more than {_options.MaxRules:N0} rules (counting its includes); the limit is {_options.MaxRules:N0}", r.At(item),
                $"merge rules into word lists, or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxRules)}");
            return false;
        }

        _ruleItems++;
        return true;
    }

    public PatternSpec? ReadPattern(YamlNodeReader r, YamlNode node, string what, MatchMode mode, bool caseSensitive)
    {
        string? pattern;
        List<(string Value, YamlNode Node)>? items = null;
        if (node is YamlSequenceNode)
        {
            // A list of alternatives: each item is a pattern of its own.
            items = r.StringList(node, what);
            pattern = items.Count == 0 ? null : string.Join("|", items.Select(i => "(?:" + i.Value + ")"));
            foreach (var (value, itemNode) in items)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    r.Diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} has an empty item, which would match everything", r.At(itemNode),
                        "remove the empty '-' line");
                    return null;
                }
            }
        }
        else
        {
            pattern = r.String(node, what);
        }

        if (string.IsNullOrWhiteSpace(pattern))
        {
            r.Diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} is empty", r.At(node), "an empty pattern would match everything");

            return null;
        }

        var spec = new PatternSpec(pattern, mode, caseSensitive, r.At(node));
        var itemSpecs = items?.Select(i => new PatternSpec(i.Value, mode, caseSensitive, r.At(i.Node))).ToList();
        if (!WithinPatternLimits(r, spec, what, itemSpecs))
        {
            return null;
        }

        _pendingPatterns.Add(new PendingPattern(spec, what, itemSpecs));
        return spec;
    }

    private bool WithinPatternLimits(YamlNodeReader r, PatternSpec spec, string what, List<PatternSpec>? items)
    {
        var length = spec.Pattern.Length;
        if (length > _options.MaxPatternLength)
        {
            r.Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"{what} is {length:N0} characters{(items is null ? "" : " (its items joined)")}; the limit is {_options.MaxPatternLength:N0}",
                spec.Location,
                $"split it into several rules, or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxPatternLength)}");
            return false;
        }

        if (_patternsCapped)
        {
            return false;
        }

        _patternChars += length;
        if (_patternChars > _options.MaxTotalPatternLength)
        {
            _patternsCapped = true;
            r.Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"the policy's patterns (counting its includes) add up to more than {_options.MaxTotalPatternLength:N0} characters here; "
                + $"the limit is {_options.MaxTotalPatternLength:N0}",
                spec.Location, $"remove duplicate words, or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxTotalPatternLength)}");
            return false;
        }

        var regexes = RegexCount(spec, items);
        if (regexes == 0)
        {
            return true;
        }

        _regexPatterns += regexes;
        if (_regexPatterns > _options.MaxRegexPatterns)
        {
            _patternsCapped = true;
            r.Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"the policy has more than {_options.MaxRegexPatterns:N0} regular-expression patterns (counting its includes); "
                + $"the limit is {_options.MaxRegexPatterns:N0}",
                spec.Location,
                "each regex is compiled to its own automaton, while word lists ('a|b|c') share one index: write word lists where you can, "
                + $"or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxRegexPatterns)}");
            return false;
        }

        RegexCharacterSets.Collect(spec.Pattern, spec.CaseSensitive, _regexSets);
        if (_regexSets.Count > _options.MaxRegexDistinctCharacters)
        {
            _patternsCapped = true;
            r.Diagnostics.Error(DiagnosticCodes.InputTooLarge,
                $"the policy's regexes use more than {_options.MaxRegexDistinctCharacters:N0} distinct characters and character classes "
                + $"(counting its includes) by this pattern; the limit is {_options.MaxRegexDistinctCharacters:N0}",
                spec.Location,
                "the linear-time engine's automaton grows with the square of this number: write word lists where you can, "
                + $"or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxRegexDistinctCharacters)}");
            return false;
        }

        return true;
    }

    /// <summary>Regexes the pattern costs: its items that are not word lists, and the pattern itself when the engine compiles it.</summary>
    private static int RegexCount(PatternSpec spec, List<PatternSpec>? items)
    {
        var own = PatternCompiler.CompilesToRegex(spec) ? 1 : 0;
        return items is null ? own : Math.Max(own, items.Count(i => !PatternCompiler.TryParseLiterals(i.Pattern, out _)));
    }

    /// <summary>Checks (and compiles) the patterns read, unless a limit was passed or the reader gave up.</summary>
    public void CompilePending(DiagnosticBag diagnostics)
    {
        if (_rulesCapped || _patternsCapped || diagnostics.Muted)
        {
            _pendingPatterns.Clear();
            return;
        }

        // Allocation is what a compilation costs, in memory and (about 15 ms a megabyte) in time; unlike time, it is
        // the same on a busy machine as on an idle one, so a policy that loads once loads again.
        var start = GC.GetAllocatedBytesForCurrentThread();
        var first = true;
        foreach (var (spec, what, items) in _pendingPatterns)
        {
            if (!first && GC.GetAllocatedBytesForCurrentThread() - start > _options.MaxRegexCompileBytes)
            {
                var mib = _options.MaxRegexCompileBytes / (1024.0 * 1024);
                diagnostics.Error(DiagnosticCodes.InputTooLarge,
                    $"compiling the policy's regexes up to {what} took more than {mib:0.#} MiB; the limit is {mib:0.#} MiB, "
                    + "and the patterns from here on were not checked",
                    spec.Location,
                    $"write word lists where you can, or raise {OptionsName}.{nameof(ConstitutionLoadOptions.MaxRegexCompileBytes)}");
                break;
            }

            var ok = items is null
                ? PatternCompiler.Check(spec, what, diagnostics)
                : items.TrueForAll(i => PatternCompiler.Check(i, what, diagnostics))
                    && PatternCompiler.Check(spec, what + " (the items joined)", diagnostics);
            if (ok && PatternCompiler.CompilesToRegex(spec))
            {
                PatternCompiler.Precompile(spec, what, diagnostics);
            }

            first = false;
        }

        _pendingPatterns.Clear();
    }

    private sealed record PendingPattern(PatternSpec Spec, string What, List<PatternSpec>? Items);
}
