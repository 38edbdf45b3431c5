using System.Diagnostics;
using AlignLab.Constitutions;
using AlignLab.Detectors;
using AlignLab.Rules;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Pipeline;

namespace AlignLab.Runtime.Judges;

/// <summary>
/// A judge of <see cref="AlignmentOptions.Detectors"/> as an <see cref="IDetector"/>, so its verdict reaches the decision
/// through the same <see cref="DecisionCombiner"/> as the rules and the classifier tiers. A flag becomes a
/// <see cref="Detection"/> named after the judge, carrying the action and message the constitution sets for the most
/// protective category it flagged (a flag without a known category refuses); a failure or timeout becomes a failure,
/// which the stage's failure mode turns into a block or nothing. Asynchronous only. Thread-safe.
/// </summary>
internal sealed class JudgeDetector(StagedDetector spec, Constitution constitution, TimeProvider timeProvider) : IDetector
{
    /// <summary>The category of a flag that names no category the constitution knows.</summary>
    internal static readonly HarmCategory Unspecified =
        new("unsafe", "", "Unsafe", "A judge found the text unsafe without naming a category the constitution knows.");

    public string Name => spec.Detector.Name;

    /// <summary>The judge, its stages, threshold and timeout.</summary>
    public StagedDetector Spec => spec;

    public bool DetectsSynchronously => false;

    public DetectorFinding Detect(DetectionContext context) =>
        new(Name) { Failures = [$"{Name} is a judge and is not available synchronously"] };

    public async ValueTask<DetectorFinding> DetectAsync(DetectionContext context, CancellationToken cancellationToken = default) =>
        (await RunAsync(context, cancellationToken).ConfigureAwait(false)).Finding;

    /// <summary>Calls the judge under its own timeout. Only the caller's cancellation is thrown; every other failure is returned.</summary>
    public async Task<JudgeRun> RunAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t0 = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(spec.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await spec.Detector.DetectAsync(Request(context), linked.Token).ConfigureAwait(false);
            return new JudgeRun(Found(result, context.Stage), result, null, Stopwatch.GetElapsedTime(t0));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(new TimeoutException($"{Name} did not answer within {spec.Timeout.TotalSeconds:0.###} s"), t0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed(ex, t0);
        }
    }

    private JudgeRun Failed(Exception error, long started)
    {
        var reason = error is TimeoutException ? error.Message : $"{error.GetType().Name}: {AlignmentPipeline.Truncate(error.Message, 300)}";
        return new JudgeRun(new DetectorFinding(Name) { Failures = [$"{Name} failed ({reason})"] }, null, error, Stopwatch.GetElapsedTime(started));
    }

    // The input request carries the prompt as its text; an output request the answer, with the prompt it answers.
    private static GuardRequest Request(DetectionContext context) => new(context.Text, context.Stage)
    {
        Prompt = context.Prompt,
        Context = context.Options.Context,
        Profile = context.Options.Profile,
    };

    private DetectorFinding Found(DetectorResult result, PolicyStage stage)
    {
        if (!result.Flagged || result.UnsafeScore < spec.Threshold)
        {
            return new DetectorFinding(Name);
        }

        var (category, action, message) = ActionFor(result, stage);
        var detection = new Detection(category, (float)result.UnsafeScore, (float)spec.Threshold, action, message, Name, []);
        return new DetectorFinding(Name) { Detections = [detection] };
    }

    private (HarmCategory Category, AlignmentAction Action, string? Message) ActionFor(DetectorResult result, PolicyStage stage)
    {
        var action = AlignmentAction.Allow;
        string? message = null;
        HarmCategory? category = null;
        foreach (var id in result.FlaggedCategories)
        {
            if (constitution.Categories.TryGetValue(id, out var policy) && policy.Enabled && (policy.Stages & stage) != 0 && policy.Action > action)
            {
                (action, message, category) = (policy.Action, policy.Message, policy.Category);
            }
        }

        if (action == AlignmentAction.Allow)
        {
            // A flag without a known category still refuses: a judge said the text is unsafe.
            action = AlignmentAction.RefusePolitely;
            category = result.FlaggedCategories.Select(id => HarmCategory.TryFind(id, out var c) ? c : null).FirstOrDefault(c => c is not null);
        }

        message ??= action == AlignmentAction.Block ? constitution.DefaultBlockMessage : "I can't help with that request.";
        return (category ?? Unspecified, action, message);
    }
}
