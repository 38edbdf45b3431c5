using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Critique;

/// <summary>
/// Reads a critic's answer, either as lines
/// <code>
/// VIOLATION: yes|no
/// SCORE: 0-10
/// CRITIQUE: free text (may continue on the following lines)
/// </code>
/// or as a JSON object <c>{"violation": true, "score": 4, "critique": "..."}</c>. Tolerates reasoning blocks, code
/// fences, markdown (<c>**VIOLATION:** Yes</c>), any capitalisation, prose around the fields, scores written
/// <c>7/10</c> or <c>"7"</c>. A missing VIOLATION answer is a <see cref="CritiqueParseException"/>, never "no violation";
/// a missing or out-of-range score is null (and noted).
/// </summary>
public static partial class CriticOutputParser
{
    private static readonly string[] ViolationKeys = ["violation", "violation_found", "violates", "violated", "has_violation"];
    private static readonly string[] ScoreKeys = ["score", "rating"];
    private static readonly string[] CritiqueKeys = ["critique", "feedback", "explanation", "reason", "rationale"];

    /// <summary>Parses <paramref name="output"/>.</summary>
    /// <exception cref="CritiqueParseException">No VIOLATION answer was found.</exception>
    public static CriticVerdict Parse(string? output)
    {
        var text = JudgeOutputText.Clean(output);
        if (text.Length == 0)
        {
            throw new CritiqueParseException("The critic returned no output.") { RawOutput = output };
        }

        return TryParseLines(text) ?? TryParseJson(text)
            ?? throw new CritiqueParseException("No 'VIOLATION: yes|no' answer was found in the critic's output.") { RawOutput = output };
    }

    private static CriticVerdict? TryParseLines(string text)
    {
        bool? violation = null;
        string? scoreText = null;
        StringBuilder? critique = null;
        var inCritique = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = JudgeOutputText.Undecorate(rawLine);
            var m = Field().Match(line);
            if (m.Success)
            {
                inCritique = false;
                var key = m.Groups["key"].Value.ToLowerInvariant();
                var value = m.Groups["value"].Value.Trim();
                if (key.StartsWith("violat", StringComparison.Ordinal))
                {
                    if (violation is null && TryLeadingYesNo(value, out var yes))
                    {
                        violation = yes;
                    }
                }
                else if (key is "score" or "rating")
                {
                    scoreText ??= value;
                }
                else if (critique is null)
                {
                    critique = new StringBuilder(value);
                    inCritique = true;
                }

                continue;
            }

            if (inCritique && critique is not null)
            {
                critique.Append('\n').Append(rawLine.TrimEnd());
            }
        }

        if (violation is null)
        {
            return null;
        }

        var notes = ImmutableArray<string>.Empty;
        double? score = null;
        if (scoreText is not null)
        {
            if (TryScore(scoreText, out var s))
            {
                score = s;
            }
            else
            {
                notes = [$"Ignored an unreadable or out-of-range score '{Truncate(scoreText)}'."];
            }
        }

        return new CriticVerdict(violation.Value, score, critique?.ToString().Trim() ?? string.Empty) { Notes = notes };
    }

    private static CriticVerdict? TryParseJson(string text)
    {
        var obj = LenientJson.FindObject(text, o => ViolationKeys.Any(k => o.TryGetValue(k, out var v) && TryYesNoValue(v, out _)));
        if (obj is null)
        {
            return null;
        }

        var violation = false;
        foreach (var k in ViolationKeys)
        {
            if (obj.TryGetValue(k, out var v) && TryYesNoValue(v, out violation))
            {
                break;
            }
        }

        double? score = null;
        var notes = ImmutableArray<string>.Empty;
        foreach (var k in ScoreKeys)
        {
            if (!obj.TryGetValue(k, out var v) || v is null)
            {
                continue;
            }

            var ok = v switch
            {
                double d => d is >= 0 and <= 10,
                string s => TryScore(s, out _),
                _ => false,
            };
            if (ok)
            {
                score = v is double d2 ? d2 : TryScore((string)v, out var parsed) ? parsed : null;
            }
            else
            {
                notes = [$"Ignored an unreadable or out-of-range score in '{k}'."];
            }

            break;
        }

        var critique = string.Empty;
        foreach (var k in CritiqueKeys)
        {
            if (obj.TryGetValue(k, out var v) && v is string s)
            {
                critique = s.Trim();
                break;
            }
        }

        return new CriticVerdict(violation, score, critique) { Notes = notes };
    }

    private static bool TryYesNoValue(object? value, out bool yes)
    {
        switch (value)
        {
            case bool b:
                yes = b;
                return true;
            case string s:
                return TryLeadingYesNo(s, out yes);
            case double d when d is 0 or 1:
                yes = d == 1;
                return true;
            default:
                yes = false;
                return false;
        }
    }

    private static bool TryLeadingYesNo(string value, out bool yes)
    {
        var end = 0;
        var v = value.TrimStart(' ', '"', '\'', '[', '(');
        while (end < v.Length && char.IsAsciiLetter(v[end]))
        {
            end++;
        }

        return JudgeValues.TryYesNo(v[..end], out yes) && end > 0 && !v[..end].Equals("safe", StringComparison.OrdinalIgnoreCase)
            && !v[..end].Equals("unsafe", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads "7", "7.5", "7/10", "7 out of 10", "\"7\"" into 0–10.</summary>
    private static bool TryScore(string text, out double score)
    {
        score = 0;
        var m = Score().Match(text);
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
        {
            return false;
        }

        if (m.Groups["of"].Success)
        {
            if (!double.TryParse(m.Groups["of"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var of) || of <= 0 || !double.IsFinite(of))
            {
                return false;
            }

            n = n / of * 10;
        }

        if (n is < 0 or > 10)
        {
            return false;
        }

        score = n;
        return true;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"^(?<key>violations?(?:[ _]found)?|violates|violated|score|rating|critique|feedback)\s*(?:\([^)\n]{0,40}\))?\s*[:=]\s*(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Field();

    [GeneratedRegex(@"^[\s""'(\[]*(?<n>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?:(?:/|out\s+of)\s*(?<of>[0-9]+(?:\.[0-9]+)?))?(?![0-9.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Score();
}
