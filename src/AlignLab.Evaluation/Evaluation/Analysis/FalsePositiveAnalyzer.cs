using System.Globalization;
using System.Text;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Evaluation.Suites;
using AlignLab.Rules;

namespace AlignLab.Evaluation.Analysis;

/// <summary>
/// Explains false positives: runs the input guard over the benign and contrast cases, groups the ones it redirected,
/// refused, escalated or blocked by what decided (the deciding rule, or the classifier category when a detection
/// decided), counts the phrases involved, keeps examples, and suggests a mechanical fix per cause: candidate
/// <c>unless:</c> exceptions for a rule, the score distribution against the threshold for a category. Every candidate
/// exception is checked against the harmful cases it has (the bundled harmful, jailbreak and injection suites and the
/// harmful rows given) and
/// dropped if it lets one through; nothing is suggested that relaxes a category that is never relaxed (CSAM).
/// </summary>
public static class FalsePositiveAnalyzer
{
    /// <summary>The cause id of decisions that blocked because a check failed (no rule or detection decided).</summary>
    public const string CheckFailureId = "check_failure";

    private const int MaxSkippedWords = 1;

    // Words skipped (at most one) when extending a trigger to a neighbouring word: an exception anchored on them would
    // be too broad ("how to kill" would excuse "how to kill a person").
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "it", "this", "that", "these", "those", "some", "any",
        "all", "of", "to", "in", "on", "at", "for", "with", "from", "by", "and", "or", "how", "what", "why", "when", "where", "who",
        "which", "can", "could", "would", "should", "do", "does", "did", "i", "you", "we", "they", "me", "us", "them", "is", "are",
        "was", "were", "be", "please", "just", "so", "up", "out", "if", "but", "not", "as", "than", "then", "am",
    };

    /// <summary>Analyses the benign and contrast cases of <paramref name="cases"/> (harmful ones are skipped and counted).</summary>
    /// <exception cref="ArgumentException">The context or profile in <paramref name="options"/> is not defined by the constitution.</exception>
    public static FalsePositiveReport Analyze(RuleEngine engine, IEnumerable<EvalCase> cases, FalsePositiveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cases);
        options ??= new FalsePositiveOptions();
        var evaluation = options.Evaluation with { CollectEvidence = true };
        var tallies = new Dictionary<(FalsePositiveCauseKind, string), FalsePositiveTally>();
        int checkedCases = 0, skipped = 0, falsePositives = 0;
        var harmful = new List<EvalCase>();
        foreach (var c in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (c.Label == CaseLabel.Harmful)
            {
                skipped++;
                harmful.Add(c);
                continue;
            }

            checkedCases++;
            var decision = engine.Evaluate(c.Text, PolicyStage.Input, evaluation);
            if (!decision.IsBlocking)
            {
                continue;
            }

            falsePositives++;
            var (kind, id) = decision switch
            {
                { DecidingDetection: { } det } => (FalsePositiveCauseKind.Classifier, det.Category.Id),
                { DecidingRule: { } rule } => (FalsePositiveCauseKind.Rule, rule.Rule.Id),
                _ => (FalsePositiveCauseKind.Failure, CheckFailureId),
            };
            if (!tallies.TryGetValue((kind, id), out var tally))
            {
                tallies[(kind, id)] = tally = new FalsePositiveTally(kind, id);
            }

            tally.Count++;
            tally.Actions[decision.Action] = tally.Actions.GetValueOrDefault(decision.Action) + 1;
            if (tally.Examples.Count < options.Examples)
            {
                tally.Examples.Add(new FalsePositiveExample(c.Id, c.Suite, c.Label, decision.Action.ToName(), Truncate(c.Text, options.ExampleLength)));
            }

            switch (kind)
            {
                case FalsePositiveCauseKind.Rule:
                    AddRule(tally, decision.DecidingRule!, c.Text);
                    break;
                case FalsePositiveCauseKind.Classifier:
                    AddDetection(tally, decision.DecidingDetection!, engine.Classifier, c.Text, options.ExplanationPhrases);
                    break;
                default:
                    tally.FirstFailure ??= decision.Failures.FirstOrDefault();
                    break;
            }
        }

        UnlessChecker? checker = null;
        if (tallies.Values.Any(t => t.Kind == FalsePositiveCauseKind.Rule && t.Candidates.Count > 0))
        {
            var toCheck = options.CheckBundledHarmful
                ? harmful.Concat(BundledSuites.Names.SelectMany(BundledSuites.Open).Where(c => c.Label == CaseLabel.Harmful))
                : harmful;
            checker = new UnlessChecker(engine, toCheck, options.Evaluation, cancellationToken);
        }

        var causes = tallies.Values
            .OrderByDescending(t => t.Count).ThenBy(t => t.Kind).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => ToCause(t, falsePositives, options, engine, checker))
            .ToList();
        return new FalsePositiveReport
        {
            Policy = engine.Constitution.Name,
            Classifier = engine.Classifier is not null,
            Context = options.Evaluation.Context,
            Profile = options.Evaluation.Profile,
            Cases = checkedCases,
            SkippedHarmful = skipped,
            FalsePositives = falsePositives,
            HarmfulChecked = checker?.Harmful,
            Causes = causes,
        };
    }

    private static void AddRule(FalsePositiveTally tally, RuleMatch match, string text)
    {
        tally.ExistingUnless ??= match.Rule.Unless?.Pattern;
        FalsePositiveTally.CountOnce(tally.Phrases, match.Evidence.Select(e => Phrase(e.OriginalText)));
        var candidates = new List<string>();
        foreach (var e in match.Evidence.Where(e => e.Role == "trigger" && e.View == "normalized"))
        {
            var span = e.OriginalSpan;
            if (span.Start < 0 || span.End > text.Length || span.IsEmpty)
            {
                continue;
            }

            // Whole words only: a trigger matched inside a word is widened to that word.
            var start = span.Start;
            var end = span.End;
            while (start > 0 && WordTokenizer.IsWordChar(text[start - 1]))
            {
                start--;
            }

            while (end < text.Length && WordTokenizer.IsWordChar(text[end]))
            {
                end++;
            }

            if (ExtendRight(text, end) is { } right)
            {
                candidates.Add(Phrase(text[start..right]));
            }

            if (ExtendLeft(text, start) is { } left)
            {
                candidates.Add(Phrase(text[left..end]));
            }
        }

        FalsePositiveTally.CountOnce(tally.Candidates, candidates);
    }

    private static void AddDetection(FalsePositiveTally tally, Detection detection, SafetyClassifier? classifier, string text, int maxPhrases)
    {
        tally.Scores.Add(detection.Score);
        tally.Threshold ??= detection.Threshold;
        IEnumerable<PhraseContribution> phrases = detection.Phrases;
        if (classifier is not null && maxPhrases > 0)
        {
            phrases = classifier.Explain(text, SafetyLabels.IndexOf(detection.Category), maxPhrases).TopPhrases;
        }

        FalsePositiveTally.CountOnce(tally.Phrases, phrases.Where(p => p.Contribution > 0).Select(p => Phrase(p.Text)));
    }

    /// <summary>The end of the phrase that runs from a word ending at <paramref name="end"/> to the next content word, or null.</summary>
    private static int? ExtendRight(string text, int end)
    {
        var pos = end;
        for (var skipped = 0; skipped <= MaxSkippedWords; skipped++)
        {
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }

            if (pos == end || pos >= text.Length || !WordTokenizer.IsWordChar(text[pos]))
            {
                return null; // no word follows directly (punctuation, end of text)
            }

            var wordStart = pos;
            while (pos < text.Length && WordTokenizer.IsWordChar(text[pos]))
            {
                pos++;
            }

            if (!FunctionWords.Contains(text[wordStart..pos]))
            {
                return pos;
            }

            end = pos;
        }

        return null;
    }

    /// <summary>The start of the phrase that runs from the previous content word to a word starting at <paramref name="start"/>, or null.</summary>
    private static int? ExtendLeft(string text, int start)
    {
        var pos = start;
        for (var skipped = 0; skipped <= MaxSkippedWords; skipped++)
        {
            while (pos > 0 && text[pos - 1] is ' ' or '\t')
            {
                pos--;
            }

            if (pos == start || pos == 0 || !WordTokenizer.IsWordChar(text[pos - 1]))
            {
                return null;
            }

            var wordEnd = pos;
            while (pos > 0 && WordTokenizer.IsWordChar(text[pos - 1]))
            {
                pos--;
            }

            if (!FunctionWords.Contains(text[pos..wordEnd]))
            {
                return pos;
            }

            start = pos;
        }

        return null;
    }

    private static FalsePositiveCause ToCause(FalsePositiveTally t, int total, FalsePositiveOptions options, RuleEngine engine, UnlessChecker? checker)
    {
        var action = t.Actions.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key).First().Key.ToName();
        var phrases = FalsePositiveTally.Top(t.Phrases, options.Phrases);
        var cause = new FalsePositiveCause
        {
            Kind = t.Kind,
            Id = t.Id,
            Action = action,
            Count = t.Count,
            Share = total == 0 ? 0 : (double)t.Count / total,
            Phrases = phrases,
            Examples = t.Examples,
            Suggestion = string.Empty,
        };
        switch (t.Kind)
        {
            case FalsePositiveCauseKind.Rule:
                return RuleCause(cause, t, options, engine, checker);

            case FalsePositiveCauseKind.Classifier:
            {
                if (HarmCategory.TryFind(t.Id, out var category) && category.NeverRelaxed)
                {
                    return cause with
                    {
                        Threshold = t.Threshold,
                        Scores = ScoreQuantiles.Of(t.Scores),
                        NeverRelaxed = true,
                        Suggestion = $"Category '{t.Id}' is never relaxed: no higher threshold is suggested. Review these cases by hand, or add benign examples like them to the classifier's training data.",
                    };
                }

                var scores = ScoreQuantiles.Of(t.Scores)!;
                var clearing = Math.Ceiling((scores.Max * 100) - 1e-9) / 100;
                if (clearing <= scores.Max)
                {
                    clearing += 0.01;
                }

                clearing = Math.Round(clearing, 2);
                var threshold = t.Threshold ?? 0;
                var suggestion = clearing > 1
                    ? Inv($"Scores reach {scores.Max:0.000} against the threshold {threshold:0.00}: no threshold separates these; add benign examples like them to the classifier's training data.")
                    : Inv($"Scores {scores.Min:0.000}–{scores.Max:0.000} (median {scores.P50:0.000}) against the threshold {threshold:0.00}: categories.{t.Id}.threshold: {clearing:0.00} would pass all {t.Count}; measure the harmful block rate before raising it.");
                return cause with { Threshold = t.Threshold, Scores = scores, ThresholdClearingAll = clearing > 1 ? null : clearing, Suggestion = suggestion };
            }

            default:
                return cause with
                {
                    Suggestion = "A check failed and the input stage fails closed" + (t.FirstFailure is { } f ? $" ({f})" : string.Empty) + ": fix the pattern, or set stages.input.on_failure.",
                };
        }
    }

    private static FalsePositiveCause RuleCause(FalsePositiveCause cause, FalsePositiveTally t, FalsePositiveOptions options, RuleEngine engine, UnlessChecker? checker)
    {
        var rule = engine.Constitution.Rules.FirstOrDefault(r => r.Id == t.Id);
        cause = cause with { ExistingUnless = t.ExistingUnless };
        if (rule?.Category is { NeverRelaxed: true } category)
        {
            return cause with
            {
                NeverRelaxed = true,
                Suggestion = $"Rule '{t.Id}' guards {category.Id}, which is never relaxed: no unless: exception is suggested. Review these cases by hand; a narrower trigger or context must keep every harmful case blocked.",
            };
        }

        // The most frequent candidates first, each added to what is kept so far and checked together with it.
        var kept = new List<PhraseCount>();
        var rejected = new List<RejectedCandidate>();
        var pattern = t.ExistingUnless is { Length: > 0 } existing ? existing : null;
        foreach (var candidate in FalsePositiveTally.Top(t.Candidates, Math.Max(1, options.UnlessCandidates) * 4))
        {
            if (kept.Count >= options.UnlessCandidates || rule is null || checker is null)
            {
                break;
            }

            var next = pattern is null ? UnlessChecker.PatternFor(candidate.Text) : pattern + "|" + UnlessChecker.PatternFor(candidate.Text);
            var through = checker.LetThrough(rule, next);
            if (through.Count == 0)
            {
                kept.Add(candidate);
                pattern = next;
            }
            else
            {
                rejected.Add(new RejectedCandidate(candidate.Text, through.Count, [.. through.Take(3)]));
            }
        }

        var relevant = rule is null || checker is null ? (int?)null : checker.Relevant(rule.Id);
        var checkedAgainst = checker is null ? string.Empty
            : relevant == 0 ? Inv($"UNCHECKED: none of the {checker.Harmful} harmful cases at hand is one this rule matches and the guard blocks; test it on harmful prompts before applying it")
            : Inv($"checked against {checker.Harmful} harmful cases, of which the {relevant} this rule matches and the guard blocks stay blocked");
        var dropped = rejected.Count == 0 ? string.Empty
            : Inv($"; dropped because they let harmful cases through: {string.Join(", ", rejected.Select(r => $"\"{r.Text}\" ({r.HarmfulLetThrough}, e.g. {r.Examples[0]})"))}");
        var suggestion = kept.Count > 0
            ? $"{(t.ExistingUnless is { Length: > 0 } ? "Append to" : "Add to")} rule '{t.Id}' unless: \"{string.Join('|', kept.Select(c => UnlessChecker.PatternFor(c.Text)))}\" ({checkedAgainst}{dropped}; harmful requests outside these suites are not checked)."
            : rejected.Count > 0
                ? $"Every candidate exception lets harmful cases through ({checkedAgainst}{dropped}): narrow rule '{t.Id}' instead (a 'context:' pattern or a more specific trigger)."
                : $"No benign phrase around the trigger repeats: narrow rule '{t.Id}' (a 'context:' pattern or a more specific trigger).";
        return cause with { UnlessCandidates = kept, RejectedCandidates = rejected, HarmfulChecked = relevant, Suggestion = suggestion };
    }

    /// <summary>Lower-cased, whitespace collapsed to single spaces, trimmed.</summary>
    internal static string Phrase(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.Trim())
        {
            if (char.IsWhiteSpace(ch))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    /// <summary>One line, at most <paramref name="max"/> characters (an ellipsis marks a cut).</summary>
    internal static string Truncate(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var ch in text.Trim())
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(ch);
            if (sb.Length > max)
            {
                break;
            }
        }

        if (sb.Length <= max)
        {
            return sb.ToString();
        }

        sb.Length = Math.Max(0, max - 1);
        return sb.ToString().TrimEnd() + "…";
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
