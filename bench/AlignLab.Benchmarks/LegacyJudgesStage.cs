using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Pipeline;

namespace AlignLab.Benchmarks;

/// <summary>
/// The judges stage as it was before judges became detectors decided by the combiner (main at ea2678a, uncertain-band
/// gate left out: the benchmark's judge is not gated), kept so <see cref="JudgedPipelineBenchmarks"/> measures the old
/// and the new path in one run. Not for use outside the benchmark.
/// </summary>
internal sealed class LegacyJudgesStage : IGuardStage
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
        var options = pipeline.Options;
        var request = stage == PolicyStage.Input
            ? new GuardRequest(context.Prompt, PolicyStage.Input) { Context = options.Context, Profile = options.Profile }
            : new GuardRequest(context.Text, PolicyStage.Output) { Prompt = context.Prompt, Context = options.Context, Profile = options.Profile };
        var detectors = options.Detectors.Where(d => (d.Stages & stage) != 0).ToList();
        if (detectors.Count == 0)
        {
            return;
        }

        var results = await Task.WhenAll(detectors.Select(d => RunOneAsync(pipeline, d, request, context.CancellationToken))).ConfigureAwait(false);
        var action = AlignmentAction.Allow;
        string? message = null;
        foreach (var (spec, result, error, elapsed) in results)
        {
            if (error is not null)
            {
                var a = pipeline.OnFailure(spec.Detector.Name, stageName, context.FailureMode, error, trace, elapsed.TotalMilliseconds);
                (action, message) = a > action ? (a, options.FailClosedMessage) : (action, message);
                continue;
            }

            var flagged = result!.Flagged && result.UnsafeScore >= spec.Threshold;
            var (ja, jm) = flagged ? (AlignmentAction.RefusePolitely, "I can't help with that request.") : (AlignmentAction.Allow, null);
            var categories = result.FlaggedCategories.IsEmpty ? "" : " " + string.Join(",", result.FlaggedCategories);
            var summary = $"{spec.Detector.Name}: {(flagged ? "unsafe" : "safe")} ({result.UnsafeScore:0.00}){categories}";
            var kept = result with { Elapsed = elapsed, RawOutput = AlignmentPipeline.Truncate(result.RawOutput, 2000) };
            trace.Add(new TraceEvent(stageName, "judge", summary, ja, elapsed.TotalMilliseconds) { Detectors = [kept] });
            (action, message) = ja > action ? (ja, jm) : (action, message);
        }

        context.Raise(action, message);
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (spec, null, ex, Stopwatch.GetElapsedTime(t0));
        }
    }
}
