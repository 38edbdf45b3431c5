using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Rules;
using AlignLab.Runtime.Detectors;

namespace AlignLab.Runtime.Pipeline.Stages;

/// <summary>
/// The judges of <see cref="AlignmentOptions.Detectors"/> registered for the stage, called at once, each under its own
/// timeout; an escalation judge (<c>when: uncertain</c>) only in the classifier's uncertain band.
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

        var options = context.Pipeline.Options;
        var request = context.Stage == PolicyStage.Input
            ? new GuardRequest(context.Prompt, PolicyStage.Input) { Context = options.Context, Profile = options.Profile }
            : new GuardRequest(context.Text, PolicyStage.Output) { Prompt = context.Prompt, Context = options.Context, Profile = options.Profile };
        var (action, message) = await RunAsync(context, request, context.Decision?.Classifier).ConfigureAwait(false);
        context.Raise(action, message);
    }

    private static async Task<(AlignmentAction Action, string? Message)> RunAsync(
        GuardContext context, GuardRequest request, ClassifierVerdict? verdict)
    {
        var (pipeline, stage, stageName, trace) = (context.Pipeline, context.Stage, context.StageName, context.Trace);
        var detectors = new List<StagedDetector>();
        foreach (var d in pipeline.Options.Detectors.Where(d => (d.Stages & stage) != 0))
        {
            // An escalation judge (when: uncertain) is called only in the classifier's uncertain band.
            if (UncertainBandGate.SkipReason(d, verdict) is { } skipped)
            {
                trace.Add(new TraceEvent(stageName, "judge_skipped", skipped, AlignmentAction.Allow, 0));
                continue;
            }

            detectors.Add(d);
        }

        if (detectors.Count == 0)
        {
            return (AlignmentAction.Allow, null);
        }

        var tasks = detectors.Select(d => RunOneAsync(pipeline, d, request, context.CancellationToken)).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var action = AlignmentAction.Allow;
        string? message = null;
        foreach (var (spec, result, error, elapsed) in results)
        {
            if (error is not null)
            {
                var a = pipeline.OnFailure(spec.Detector.Name, stageName, context.FailureMode, error, trace, elapsed.TotalMilliseconds);
                if (a > action)
                {
                    (action, message) = (a, pipeline.Options.FailClosedMessage);
                }

                continue;
            }

            var flagged = result!.Flagged && result.UnsafeScore >= spec.Threshold;
            var (ja, jm) = flagged ? ActionFor(pipeline.Constitution, result, stage) : (AlignmentAction.Allow, null);
            var categories = result.FlaggedCategories.IsEmpty ? "" : " " + string.Join(",", result.FlaggedCategories);
            var summary = $"{spec.Detector.Name}: {(flagged ? "unsafe" : "safe")} ({result.UnsafeScore:0.00}){categories}";
            var kept = result with { Elapsed = elapsed, RawOutput = AlignmentPipeline.Truncate(result.RawOutput, 2000) };
            trace.Add(new TraceEvent(stageName, "judge", summary, ja, elapsed.TotalMilliseconds) { Detectors = [kept] });
            if (ja > action)
            {
                (action, message) = (ja, jm);
            }
        }

        return (action, message);
    }

    private static async Task<(StagedDetector Spec, DetectorResult? Result, Exception? Error, TimeSpan Elapsed)> RunOneAsync(
        AlignmentPipeline pipeline, StagedDetector spec, GuardRequest request, CancellationToken cancellationToken)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(spec.Timeout, pipeline.Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await spec.Detector.DetectAsync(request, linked.Token).ConfigureAwait(false);
            return (spec, result, null, Stopwatch.GetElapsedTime(t0));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new TimeoutException($"{spec.Detector.Name} did not answer within {spec.Timeout.TotalSeconds:0.###} s");
            return (spec, null, error, Stopwatch.GetElapsedTime(t0));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (spec, null, ex, Stopwatch.GetElapsedTime(t0));
        }
    }

    private static (AlignmentAction Action, string? Message) ActionFor(
        Constitution constitution, DetectorResult result, PolicyStage stage)
    {
        var action = AlignmentAction.Allow;
        string? message = null;
        foreach (var id in result.FlaggedCategories)
        {
            if (constitution.Categories.TryGetValue(id, out var policy) && policy.Enabled && (policy.Stages & stage) != 0 && policy.Action > action)
            {
                (action, message) = (policy.Action, policy.Message);
            }
        }

        if (action == AlignmentAction.Allow)
        {
            // A flag without a known category still refuses: a judge said the text is unsafe.
            action = AlignmentAction.RefusePolitely;
        }

        message ??= action == AlignmentAction.Block ? constitution.DefaultBlockMessage : "I can't help with that request.";
        return (action, message);
    }
}
