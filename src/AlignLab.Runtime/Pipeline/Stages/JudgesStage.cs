using System.Globalization;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Rules;
using AlignLab.Runtime.Judges;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// The judges of <see cref="AlignmentOptions.Detectors"/> registered for the stage, called at once, each under its own
/// timeout; an escalation judge (<c>when: uncertain</c>) only in the classifier's uncertain band. Each judge is an
/// <see cref="IDetector"/> (<see cref="JudgeDetector"/>): its finding and the rules stage's findings go to the engine's
/// <see cref="DecisionCombiner"/>, which decides; the <c>decision</c> trace event says which detector did.
/// </summary>
internal sealed class JudgesStage : IGuardStage
{
    public string Name => "judges";

    public PolicyStage Stages => PolicyStage.Input | PolicyStage.Output;

    public bool RunsWhenDecided => false;

    public async ValueTask RunAsync(GuardContext context)
    {
        if (!context.Checks)
        {
            return;
        }

        var (pipeline, stage, stageName, trace) = (context.Pipeline, context.Stage, context.StageName, context.Trace);
        var verdict = context.Decision?.Classifier;
        var judges = new List<JudgeDetector>();
        foreach (var judge in pipeline.Judges.Where(j => (j.Spec.Stages & stage) != 0))
        {
            // An escalation judge (when: uncertain) is called only in the classifier's uncertain band.
            if (UncertainBandGate.SkipReason(judge.Spec, verdict) is { } skipped)
            {
                trace.Add(new TraceEvent(stageName, "judge_skipped", skipped, AlignmentAction.Allow, 0));
                continue;
            }

            judges.Add(judge);
        }

        if (judges.Count == 0)
        {
            return;
        }

        var input = stage == PolicyStage.Input;
        var detection = pipeline.Engine.CreateContext(
            input ? context.Prompt : context.Text, stage, pipeline.Evaluation, input ? null : context.Prompt);
        var runs = await Task.WhenAll(judges.Select(j => j.RunAsync(detection, context.CancellationToken))).ConfigureAwait(false);
        var prior = context.Decision;
        var findings = new List<DetectorFinding>(runs.Length + 1);
        if (prior is not null)
        {
            findings.Add(RulesFinding(prior));
        }

        for (var i = 0; i < runs.Length; i++)
        {
            var (judge, run) = (judges[i], runs[i]);
            findings.Add(run.Finding);
            if (run.Error is not null)
            {
                pipeline.OnFailure(judge.Name, stageName, context.FailureMode, run.Error, trace, run.Elapsed.TotalMilliseconds);
                continue;
            }

            var result = run.Result!;
            var flag = run.Finding.Detections.FirstOrDefault();
            var categories = result.FlaggedCategories.IsEmpty ? "" : " " + string.Join(",", result.FlaggedCategories);
            var summary = string.Create(
                CultureInfo.InvariantCulture, $"{judge.Name}: {(flag is null ? "safe" : "unsafe")} ({result.UnsafeScore:0.00}){categories}");
            var kept = result with { Elapsed = run.Elapsed, RawOutput = AlignmentPipeline.Truncate(result.RawOutput, 2000) };
            trace.Add(new TraceEvent(stageName, "judge", summary, flag?.Action ?? AlignmentAction.Allow, run.Elapsed.TotalMilliseconds)
            {
                Detectors = [kept],
            });
        }

        var decision = prior is not null && runs.All(r => r.Finding.IsEmpty) ? prior : pipeline.Engine.Combine(detection, findings);
        if (!decision.Action.IsTerminal() && prior?.RedactedText is { } redacted)
        {
            decision = decision with { RedactedText = redacted }; // the judges add no redactions; the rules' stand
        }

        var failed = decision.Failures.Count > 0 && decision is { DecidingRule: null, DecidingDetection: null, Action: AlignmentAction.Block };
        trace.Add(new TraceEvent(stageName, "decision", DecidedBy(decision, failed), decision.Action, 0) { Decision = decision });
        context.Decision = decision;
        context.Raise(decision.Action, failed ? pipeline.Options.FailClosedMessage : decision.Message);
    }

    /// <summary>The rules stage's decision as the finding it was combined from (its redactions are kept apart).</summary>
    private static DetectorFinding RulesFinding(Decision decision) => new("rules")
    {
        Matches = decision.Matches,
        Detections = decision.Detections,
        Failures = decision.Failures,
        Scores = decision.Scores,
        Verdict = decision.Classifier,
    };

    private static string DecidedBy(Decision d, bool failed)
    {
        var action = d.Action.ToName();
        if (failed)
        {
            return $"{action}: a check failed and the stage fails closed";
        }

        return d switch
        {
            { DecidingDetection: { } det } => string.Create(
                CultureInfo.InvariantCulture, $"{action} decided by {det.Detector} ({det.Category.Id} {det.Score:0.00} ≥ {det.Threshold:0.00})"),
            { DecidingRule: { } r } => $"{action} decided by rule '{r.Rule.Id}'",
            _ => $"{action}: no detector asked for more",
        };
    }
}
