using System.Text;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Normalization;
using AlignLab.Rules;

namespace AlignLab.Detectors;

/// <summary>
/// Turns the findings of one evaluation into a <see cref="Decision"/>, the one place precedence is applied:
/// <list type="number">
/// <item>rules: the most protective action (the order of <see cref="AlignmentAction"/>), then priority, then severity,
/// then declaration order; a rule decides only above <see cref="AlignmentAction.LogOnly"/>;</item>
/// <item>detections: the most protective one decides only when it asks for a strictly more protective action than
/// every rule;</item>
/// <item>failures: a check that could not complete blocks when the stage fails closed.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class DecisionCombiner
{
    private readonly Constitution _constitution;

    /// <summary>A combiner applying <paramref name="constitution"/>'s default messages and failure modes.</summary>
    public DecisionCombiner(Constitution constitution)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        _constitution = constitution;
    }

    /// <summary>The decision for <paramref name="context"/> from its detectors' <paramref name="findings"/>.</summary>
    public Decision Combine(DetectionContext context, IReadOnlyList<DetectorFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(findings);
        SafetyScores? scores = null;
        ClassifierVerdict? verdict = null;
        List<RuleMatch>? matches = null;
        List<TextSpan>? redactions = null;
        List<string>? failures = null;
        IReadOnlyList<Detection> detections = [];
        var detectionSources = 0;
        foreach (var f in findings)
        {
            scores ??= f.Scores;
            verdict ??= f.Verdict;
            if (f.Matches.Count > 0)
            {
                (matches ??= []).AddRange(f.Matches);
            }

            if (f.Redactions.Count > 0)
            {
                (redactions ??= []).AddRange(f.Redactions);
            }

            if (f.Failures.Count > 0)
            {
                (failures ??= []).AddRange(f.Failures);
            }

            if (f.Detections.Count > 0)
            {
                detections = detectionSources++ == 0 ? f.Detections : [.. detections, .. f.Detections];
            }
        }

        if (detectionSources > 1)
        {
            // Each detector lists its own most protective detection first; across detectors the same order holds (stable).
            detections = [.. detections.OrderByDescending(d => d.Action).ThenByDescending(d => d.Score)];
        }

        var normalized = context.Normalized;
        var decoded = normalized.Views.Skip(1)
            .Select(v => new DecodedView(v.Source, v.Text, v.MapToOriginal(0, v.Text.Length))).ToList();
        var decision = matches is null && failures is null && detections.Count == 0
            ? Empty(context.Stage, context.Options, context.Text.Length, normalized.Events, decoded) with { Scores = scores }
            : Decide(context, matches ?? [], decoded, failures ?? [], scores, detections, redactions ?? []);
        return decision with { Classifier = verdict };
    }

    /// <summary>The allowing decision for a text nothing was found in (or a stage the constitution turns off).</summary>
    internal Decision Empty(
        PolicyStage stage, EvaluationOptions options, int length, IReadOnlyList<NormalizationEvent> events,
        IReadOnlyList<DecodedView> decoded) => new()
    {
        Stage = stage,
        Action = AlignmentAction.Allow,
        Outcome = DecisionOutcome.Allowed,
        Matches = [],
        Context = options.Context,
        Profile = options.Profile,
        PolicyName = _constitution.Name,
        Normalization = events,
        DecodedViews = decoded,
        InputLength = length,
    };

    private Decision Decide(
        DetectionContext context, List<RuleMatch> matches, List<DecodedView> decoded, List<string> failures, SafetyScores? scores,
        IReadOnlyList<Detection> detections, List<TextSpan> redactions)
    {
        matches.Sort(static (a, b) =>
        {
            var c = b.Action.CompareTo(a.Action);
            if (c != 0)
            {
                return c;
            }

            c = b.Rule.Priority.CompareTo(a.Rule.Priority);
            if (c != 0)
            {
                return c;
            }

            c = b.Rule.Severity.CompareTo(a.Rule.Severity);
            return c != 0 ? c : a.Rule.Order.CompareTo(b.Rule.Order);
        });

        var deciding = matches.Count > 0 && matches[0].Action > AlignmentAction.LogOnly ? matches[0] : null;
        var action = deciding?.Action ?? AlignmentAction.Allow;

        // A detector decides only when it asks for a strictly more protective action than every rule.
        var detection = detections.Count > 0 && detections[0].Action > action && detections[0].Action > AlignmentAction.LogOnly
            ? detections[0]
            : null;
        if (detection is not null)
        {
            action = detection.Action;
            deciding = null;
        }

        var decidingMessage = detection is not null ? detection.Message : deciding?.Rule.Message;
        if (detection is { Detector: ClassifierDecider.UnsafeDetector, Message: null } && action.RequiresMessage())
        {
            // The unsafe score alone decided: the default message for its action, naming the category it saw.
            decidingMessage = $"I can't help with that request ({detection.Category.DisplayName.ToLowerInvariant()}).";
        }

        var c = _constitution;
        string? message = action switch
        {
            AlignmentAction.Block => decidingMessage ?? c.DefaultBlockMessage,
            AlignmentAction.Escalate => decidingMessage ?? c.DefaultEscalationMessage,
            AlignmentAction.RefusePolitely => decidingMessage ?? c.DefaultBlockMessage,
            AlignmentAction.RedirectPositive => decidingMessage ?? c.DefaultRedirectMessage,
            _ => null,
        };

        var failureMode = context.Stage switch
        {
            PolicyStage.Input => c.Stages.InputFailureMode,
            PolicyStage.Streaming => c.Stages.StreamingFailureMode,
            _ => c.Stages.OutputFailureMode,
        };
        if (failures.Count > 0 && failureMode == FailureMode.Closed && action < AlignmentAction.Block)
        {
            action = AlignmentAction.Block;
            message = c.DefaultBlockMessage;
            deciding = null;
            detection = null;
        }

        // A rule's message is its text for its own action: when a context or profile turns a refusal into a warning
        // or disclaimer, the refusal message is not the warning, so the rule's warning or the default is shown.
        var disclaimers = matches.Where(m => m.Action == AlignmentAction.AddDisclaimer)
            .Select(m => m.Rule.Disclaimer ?? OwnMessage(m) ?? c.DefaultDisclaimer).Distinct(StringComparer.Ordinal).ToList();
        var warnings = matches.Where(m => m.Action == AlignmentAction.AddWarning)
            .Select(m => m.Rule.Warning ?? OwnMessage(m) ?? c.DefaultWarning).Distinct(StringComparer.Ordinal).ToList();

        return new Decision
        {
            Stage = context.Stage,
            Action = action,
            Outcome = ToOutcome(action, disclaimers.Count + warnings.Count > 0),
            DecidingRule = deciding,
            Matches = matches,
            Message = message,
            Disclaimers = disclaimers,
            Warnings = warnings,
            RedactedText = redactions.Count > 0 ? Redact(context.Text, redactions) : null,
            Context = context.Options.Context,
            Profile = context.Options.Profile,
            PolicyName = c.Name,
            Normalization = context.Normalized.Events,
            DecodedViews = decoded,
            InputLength = context.Text.Length,
            Failures = failures,
            Scores = scores,
            Detections = detections,
            DecidingDetection = detection,
        };
    }

    private static string? OwnMessage(RuleMatch match) => match.Action == match.Rule.Action ? match.Rule.Message : null;

    private static DecisionOutcome ToOutcome(AlignmentAction action, bool annotated) => action switch
    {
        AlignmentAction.Block => DecisionOutcome.Blocked,
        AlignmentAction.Escalate => DecisionOutcome.Escalated,
        AlignmentAction.RefusePolitely => DecisionOutcome.Refused,
        AlignmentAction.RedirectPositive => DecisionOutcome.Redirected,
        AlignmentAction.Redact => DecisionOutcome.Redacted,
        _ => annotated ? DecisionOutcome.Annotated : DecisionOutcome.Allowed,
    };

    /// <summary><paramref name="text"/> with every span replaced by one <c>[REDACTED]</c> marker (overlapping or touching spans merge).</summary>
    internal static string Redact(string text, List<TextSpan> spans)
    {
        spans.RemoveAll(s => s.Length <= 0);
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var start = Math.Max(spans[i].Start, pos);
            var end = spans[i].End;
            while (i + 1 < spans.Count && spans[i + 1].Start <= end)
            {
                end = Math.Max(end, spans[++i].End);
            }

            if (end <= pos)
            {
                continue;
            }

            sb.Append(text, pos, start - pos).Append("[REDACTED]");
            pos = end;
        }

        return sb.Append(text, pos, text.Length - pos).ToString();
    }
}
