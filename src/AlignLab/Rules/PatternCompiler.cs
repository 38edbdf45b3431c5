using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;

namespace AlignLab.Rules;

/// <summary>
/// Checks and compiles constitution patterns. A pattern that is an alternation of plain words or phrases
/// ("illegal|crime|how to") is matched through a shared token index; anything else is compiled with
/// <see cref="RegexOptions.NonBacktracking"/>, whose matching time is linear in the input whatever the pattern.
/// </summary>
public static class PatternCompiler
{
    /// <summary>Longest pattern accepted, in characters.</summary>
    public const int MaxPatternLength = 10_000;

    /// <summary>Safety net on top of the linear-time engine.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly Regex NestedQuantifier = new(
        @"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    // The regex Check built for a spec, for the RuleEngine built from the same constitution: a NonBacktracking
    // construction costs milliseconds, so a policy's regexes are compiled once, not once to check and once to run.
    private static readonly ConditionalWeakTable<PatternSpec, Regex> Checked = [];

    /// <summary>Reports every problem with <paramref name="spec"/> into <paramref name="diagnostics"/>; true when it can be compiled.</summary>
    public static bool Check(PatternSpec spec, string what, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (spec.Pattern.Length > MaxPatternLength)
        {
            diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} is {spec.Pattern.Length:N0} characters; the limit is {MaxPatternLength:N0}", spec.Location, "split it into several rules");
            return false;
        }

        if (TryParseLiterals(spec.Pattern, out var phrases))
        {
            var empty = phrases.FirstOrDefault(p => !p.Any(char.IsLetterOrDigit));
            if (empty is not null)
            {
                diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} has an alternative with no letters or digits ('{empty}'), which can never match a word", spec.Location, "remove it, or escape it as a regex if punctuation is meant");
                return false;
            }

            return true;
        }

        Regex regex;
        try
        {
            regex = Compile(spec);
        }
        catch (ArgumentException ex)
        {
            diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} is not a valid regular expression: {TrimRegexMessage(ex.Message)}", spec.Location, "escape special characters such as ( ) [ ] . * + ? with a backslash");
            return false;
        }
        catch (NotSupportedException ex)
        {
            diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} uses a construct the linear-time engine does not support: {TrimRegexMessage(ex.Message)}", spec.Location, "look-arounds, back-references, atomic groups and conditionals are not allowed; use 'context' or 'unless' instead");
            return false;
        }

        if (MatchesEmpty(spec))
        {
            diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} can match empty text, so it would fire on every input", spec.Location, "remove empty alternatives such as 'a|' or '(?:)', and avoid patterns made only of optional parts");
            return false;
        }

        Checked.AddOrUpdate(spec, regex);
        if (!spec.CaseSensitive && FoldedAway.IsMatch(QuantifierOrEscape.Replace(spec.Pattern, string.Empty)))
        {
            diagnostics.Warning(DiagnosticCodes.InvalidPattern, $"{what} contains accented letters or digits inside words, but regexes are matched against normalised text (lower-case, accents and leetspeak folded)", spec.Location, "write the plain form (e.g. 'kill', not 'k1ll'); the normaliser folds the variants");
        }

        if (NestedQuantifier.IsMatch(spec.Pattern))
        {
            diagnostics.Warning(DiagnosticCodes.CatastrophicPattern, $"{what} has a nested quantifier that would backtrack catastrophically in most regex engines", spec.Location, "AlignLab compiles it with a linear-time engine, so it is safe here, but simplify it if you share the file with other tools");
        }

        return true;
    }

    private static readonly Regex FoldedAway = new(
        @"[a-z][0-9]|[0-9][a-z]|[\u00C0-\u024F]",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromSeconds(1));

    private static readonly Regex QuantifierOrEscape = new(
        @"\{[0-9]+(,[0-9]*)?\}|\\[a-zA-Z0-9]|\[[^\]]*\]",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>True when the pattern, as the engine runs it, can match zero characters.</summary>
    private static bool MatchesEmpty(PatternSpec spec)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (spec.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        Regex anchored;
        try
        {
            anchored = new Regex("^(?:" + spec.Pattern + ")$", options, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            // A pattern in (?x) mode may end with a # comment: close the group on a new line.
            anchored = new Regex("^(?:" + spec.Pattern + "\n)$", options, TimeSpan.FromSeconds(1));
        }

        return anchored.IsMatch(string.Empty);
    }

    /// <summary>
    /// True when the rule engine compiles <paramref name="spec"/> as a regex: anything but a word list, and word lists
    /// matched as substrings or case-sensitively.
    /// </summary>
    internal static bool CompilesToRegex(PatternSpec spec) =>
        spec.CaseSensitive || spec.Mode == MatchMode.Substring || !TryParseLiterals(spec.Pattern, out _);

    /// <summary>
    /// Compiles a checked word list that the engine runs as a regex (so that the loader's compile budget counts it, and
    /// an automaton too large for the engine is an error here rather than an exception when the engine is built).
    /// </summary>
    internal static bool Precompile(PatternSpec spec, string what, DiagnosticBag diagnostics)
    {
        if (Checked.TryGetValue(spec, out _))
        {
            return true;
        }

        try
        {
            Checked.AddOrUpdate(spec, Compile(spec));
            return true;
        }
        catch (NotSupportedException ex)
        {
            diagnostics.Error(DiagnosticCodes.InvalidPattern, $"{what} is too large for the linear-time engine: {TrimRegexMessage(ex.Message)}",
                spec.Location,
                "split the word list into several rules");
            return false;
        }
    }

    /// <summary>Builds the linear-time regex for a pattern that is not a plain word list (the one <see cref="Check"/> built, if any).</summary>
    internal static Regex BuildRegex(PatternSpec spec) => Checked.TryGetValue(spec, out var regex) ? regex : Compile(spec);

    private static Regex Compile(PatternSpec spec)
    {
        var body = spec.Mode switch
        {
            MatchMode.Word => @"\b(?:" + spec.Pattern + @")\b",
            MatchMode.Prefix => @"\b(?:" + spec.Pattern + ")",
            _ => spec.Pattern,
        };
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (!spec.CaseSensitive)
        {
            options |= RegexOptions.IgnoreCase;
        }

        return new Regex(body, options, MatchTimeout);
    }

    /// <summary>
    /// Splits a pattern into plain phrases when it is only an alternation of words (letters, digits, spaces,
    /// hyphens, apostrophes), optionally wrapped in non-capturing groups.
    /// </summary>
    public static bool TryParseLiterals(string pattern, out List<string> phrases)
    {
        phrases = [];
        return pattern.Length > 0 && Collect(pattern.AsSpan(), phrases, depth: 0);
    }

    private static bool Collect(ReadOnlySpan<char> pattern, List<string> phrases, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        var start = 0;
        var level = 0;
        for (var i = 0; i <= pattern.Length; i++)
        {
            if (i < pattern.Length)
            {
                var c = pattern[i];
                if (c == '\\')
                {
                    return false;
                }

                if (c == '(')
                {
                    level++;
                }
                else if (c == ')')
                {
                    level--;
                    if (level < 0)
                    {
                        return false;
                    }
                }

                if (c != '|' || level != 0)
                {
                    continue;
                }
            }

            if (level != 0)
            {
                return false;
            }

            var alt = pattern[start..i].Trim();
            if (alt.StartsWith("(?:") && alt.EndsWith(")") && WrapsWhole(alt))
            {
                if (!Collect(alt[3..^1], phrases, depth + 1))
                {
                    return false;
                }
            }
            else
            {
                if (alt.IsEmpty)
                {
                    return false;
                }

                foreach (var c in alt)
                {
                    if (!(char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'' or '\u2019'))
                    {
                        return false;
                    }
                }

                phrases.Add(alt.ToString());
            }

            start = i + 1;
        }

        return phrases.Count > 0;
    }

    private static bool WrapsWhole(ReadOnlySpan<char> alt)
    {
        var level = 0;
        for (var i = 0; i < alt.Length; i++)
        {
            if (alt[i] == '(')
            {
                level++;
            }
            else if (alt[i] == ')')
            {
                level--;
                if (level == 0 && i != alt.Length - 1)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string TrimRegexMessage(string message)
    {
        var idx = message.IndexOf(" - ", StringComparison.Ordinal);
        return idx > 0 ? message[(idx + 3)..] : message;
    }
}
