using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Rules;
using AlignLab.Runtime.Caching;
using AlignLab.Runtime.Judges;
using AlignLab.Runtime.Pipeline.Stages;
using AlignLab.Runtime.Redaction;
using AlignLab.Runtime.Review;
using AlignLab.Runtime.Streaming;
using AlignLab.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// The guard of an aligned exchange, independent of any chat client: the input and output checks run the stages an
/// <see cref="AlignmentPipelineBuilder"/> added, in that order (by default: refusal note, critique→revision, rules and
/// classifier, tool-content guard, judges, consensus, redaction, context injection; see <see cref="StageNames"/>), then
/// queue an escalation for review; the tool-call check and a factory for the streaming monitor complete it.
/// Thread-safe; build one per constitution and share it. Disposing it disposes <see cref="AlignmentOptions.OwnedResources"/>
/// (the judge, critic and reviser clients built for it); dispose it only once no exchange is using it.
/// </summary>
public sealed class AlignmentPipeline : IDisposable
{
    private static readonly IGuardStage[] DefaultStages = new AlignmentPipelineBuilder().AddDefaultStages().Stages;
    private readonly IGuardStage[] _stages;
    private readonly EvaluationOptions _evaluation;
    private readonly GuardDecisionCache<Decision>? _cache;
    private int _disposed;

    /// <summary>
    /// Builds a pipeline with the default stages (<see cref="AlignmentPipelineBuilder.AddDefaultStages"/>); throws
    /// <see cref="ArgumentException"/> listing every problem when the options are invalid.
    /// </summary>
    public AlignmentPipeline(AlignmentOptions options, ILogger? logger = null)
        : this(options, logger, DefaultStages)
    {
    }

    internal AlignmentPipeline(AlignmentOptions options, ILogger? logger, IGuardStage[] stages)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid alignment options:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)), nameof(options));
        }

        Options = options;
        _stages = stages;
        Constitution = options.Constitution ?? ConstitutionLoader.LoadDefault();
        var classifier = options.UseClassifier ? options.Classifier ?? SafetyClassifier.Default : null;
        Engine = new RuleEngine(Constitution, new RuleEngineOptions
        {
            Classifier = classifier,
            Detectors = [.. options.EngineDetectors],
            ScoreRefiner = options.ScoreRefiner,
        });
        Logger = logger ?? NullLogger.Instance;
        _evaluation = new EvaluationOptions { Context = options.Context, Profile = options.Profile };
        Judges = [.. options.Detectors.Select(d => new JudgeDetector(d, Constitution, options.TimeProvider))];
        ReviewQueue = options.ReviewQueue ?? new InMemoryReviewQueue(options.TimeProvider);
        var pii = Constitution.Runtime.Pii;
        Redactor = options.Redactor ?? (pii.Enabled && pii.Kinds.Length > 0 ? new PiiTextRedactor(PiiTextRedactor.KindsFromNames(pii.Kinds)) : null);
        var cache = Constitution.Runtime.Cache;
        if (cache.Enabled)
        {
            _cache = new GuardDecisionCache<Decision>(new GuardDecisionCacheOptions { MaxEntries = cache.MaxEntries, TimeToLive = cache.TimeToLive }, options.TimeProvider);
        }
    }

    /// <summary>The names of the stages the input and output checks run, in order.</summary>
    public IReadOnlyList<string> StageNames => [.. _stages.Select(s => s.Name)];

    /// <summary>The options in force.</summary>
    public AlignmentOptions Options { get; }

    /// <summary>The constitution in force.</summary>
    public Constitution Constitution { get; }

    /// <summary>The rule engine (rules plus classifier detections).</summary>
    public RuleEngine Engine { get; }

    /// <summary>Where escalations go (in memory unless the options or the constitution name a queue).</summary>
    public IReviewQueue ReviewQueue { get; }

    /// <summary>The PII redactor in force: the options' one, else the constitution's <c>pii:</c> settings.</summary>
    public ITextRedactor? Redactor { get; }

    internal ILogger Logger { get; }

    /// <summary>The judges of <see cref="AlignmentOptions.Detectors"/>, each as a detector.</summary>
    internal IReadOnlyList<JudgeDetector> Judges { get; }

    /// <summary>The context and profile of every evaluation.</summary>
    internal EvaluationOptions Evaluation => _evaluation;

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Disposes the resources the options say this pipeline owns, each once; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var seen = new HashSet<IDisposable>(ReferenceEqualityComparer.Instance);
        foreach (var owned in Options.OwnedResources)
        {
            if (seen.Add(owned))
            {
                owned.Dispose();
            }
        }
    }

    /// <summary>Starts the trace of one exchange.</summary>
    public AlignmentTrace StartTrace() => new(Constitution.Name, Options.Context, Options.Profile, Options.TimeProvider.GetUtcNow());

    /// <summary>Evaluates the constitution's rules and classifier on <paramref name="text"/> at one stage.</summary>
    public Decision Evaluate(string text, PolicyStage stage) => Engine.Evaluate(text ?? string.Empty, stage, _evaluation);

    /// <summary>The decision cache (null when <c>cache.enabled</c> is false).</summary>
    public GuardDecisionCache<Decision>? Cache => _cache;

    internal (Decision Decision, bool Cached) EvaluateCached(string text, PolicyStage stage)
    {
        if (_cache is null)
        {
            return (Evaluate(text, stage), false);
        }

        var key = GuardCacheKey.Create(stage, Options.Context, Options.Profile, Constitution.Name, text);
        if (_cache.TryGet(key, out var cached))
        {
            return (cached, true);
        }

        var decision = Evaluate(text, stage);
        _cache.Set(key, decision);
        return (decision, false);
    }

    /// <summary>Runs the pre-generation stage on a conversation: the stages that serve input, in order.</summary>
    public async Task<InputCheck> CheckInputAsync(IReadOnlyList<ChatMessage> messages, AlignmentTrace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(trace);
        var started = Stopwatch.GetTimestamp();
        using var activity = AlignmentTelemetry.ActivitySource.StartActivity("alignlab.guard");
        activity?.SetTag("alignlab.stage", "input");

        var list = messages.ToList();
        var userIndex = list.FindLastIndex(m => m.Role == ChatRole.User);
        var prompt = userIndex >= 0 ? list[userIndex].Text ?? string.Empty : string.Empty;
        AlignmentLog.StageText(Logger, "input", prompt);

        if (!Constitution.Stages.InputEnabled)
        {
            return new InputCheck(AlignmentAction.Allow, null, list, prompt);
        }

        var context = new GuardContext(this, PolicyStage.Input, trace, prompt, cancellationToken) { Messages = list, UserIndex = userIndex };
        await RunStagesAsync(context).ConfigureAwait(false);
        if (await ConcludeAsync(context, "input escalated by policy", null).ConfigureAwait(false))
        {
            Finish(trace, "input", context.Action, started);
            return new InputCheck(context.Action, context.Message, list, prompt);
        }

        Finish(trace, "input", context.Action, started);
        return new InputCheck(context.Action, null, list, prompt) { Disclaimers = context.Disclaimers, Warnings = context.Warnings };
    }

    /// <summary>Runs the post-generation stage on a complete response: the stages that serve output, in order.</summary>
    public async Task<OutputCheck> CheckOutputAsync(string prompt, string response, InputCheck? input, AlignmentTrace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var started = Stopwatch.GetTimestamp();
        using var activity = AlignmentTelemetry.ActivitySource.StartActivity("alignlab.guard");
        activity?.SetTag("alignlab.stage", "output");
        var context = new GuardContext(this, PolicyStage.Output, trace, prompt ?? string.Empty, cancellationToken)
        {
            Text = response ?? string.Empty,
            Disclaimers = input?.Disclaimers ?? [],
            Warnings = input?.Warnings ?? [],
        };
        AlignmentLog.StageText(Logger, "output", context.Text);

        await RunStagesAsync(context).ConfigureAwait(false);
        if (await ConcludeAsync(context, "response escalated", context.Text).ConfigureAwait(false))
        {
            Finish(trace, "output", context.Action, started);
            return new OutputCheck(context.Action, context.Message!);
        }

        var appendix = Appendix(context.Disclaimers, context.Warnings);
        Finish(trace, "output", context.Action, started);
        return new OutputCheck(context.Action, context.Text + appendix) { Appendix = appendix };
    }

    private async Task RunStagesAsync(GuardContext context)
    {
        foreach (var stage in _stages)
        {
            if ((stage.Stages & context.Stage) == 0 || (!stage.RunsWhenDecided && context.Action.IsTerminal()))
            {
                continue;
            }

            var t0 = Stopwatch.GetTimestamp();
            try
            {
                await stage.RunAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
            {
                // The built-in stages handle their own failures; a stage added from outside may throw.
                var action = OnFailure(stage.Name, context.StageName, context.FailureMode, ex, context.Trace, Ms(t0));
                context.Raise(action, action.IsTerminal() ? Options.FailClosedMessage : null);
            }
        }
    }

    // An escalation is queued for review; a terminal action gets its reply. True when the check stops the exchange.
    private async Task<bool> ConcludeAsync(GuardContext context, string reason, string? response)
    {
        if (context.Action == AlignmentAction.Escalate)
        {
            var reply = await EscalateAsync(context.Trace, reason, context.Prompt, response, context.CancellationToken).ConfigureAwait(false);
            context.SetMessage(reply ?? context.Message);
        }

        if (!context.Action.IsTerminal())
        {
            return false;
        }

        context.SetMessage(context.Message ?? (context.Action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : Constitution.DefaultRedirectMessage));
        return true;
    }

    /// <summary>
    /// Runs the output stage's rules and classifier on the function calls of an answer, each as its name and its
    /// arguments (JSON): a call is model output that the client will act on, so a call the policy would stop must not
    /// reach it. Only stopping actions apply (a call cannot carry a disclaimer, and its arguments are not rewritten);
    /// a terminal result means the caller replaces the whole answer, calls included, with <see cref="OutputCheck.Text"/>.
    /// </summary>
    public async Task<OutputCheck> CheckToolCallsAsync(string prompt, IReadOnlyList<FunctionCallContent> calls, AlignmentTrace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(trace);
        if (calls.Count == 0 || !Constitution.Stages.OutputEnabled)
        {
            return new OutputCheck(AlignmentAction.Allow, string.Empty);
        }

        var started = Stopwatch.GetTimestamp();
        var action = AlignmentAction.Allow;
        string? message = null;
        string? stopped = null;
        Decision? deciding = null;
        for (var i = 0; i < calls.Count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var text = ToolCallText(calls[i]);
            AlignmentLog.StageText(Logger, "tool_call", text);
            var (decision, cached) = EvaluateCached(text, PolicyStage.Output);
            var stops = decision.Action.IsTerminal();
            trace.Add(new TraceEvent("output", "tool_call", $"call {i} ({calls[i].Name}): " + (stops ? Summarize(decision) : "allowed") + (cached ? " (cached)" : ""),
                stops ? decision.Action : AlignmentAction.Allow, Ms(t0)) { Decision = decision });
            if (stops && decision.Action > action)
            {
                (action, message, stopped, deciding) = (decision.Action, decision.Message, text, decision);
            }
        }

        if (action == AlignmentAction.Escalate)
        {
            message = await EscalateAsync(trace, "tool call escalated", prompt, stopped, cancellationToken).ConfigureAwait(false) ?? message;
        }

        if (action.IsTerminal())
        {
            LogDecision("output", deciding!);
            message ??= action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : Constitution.DefaultRedirectMessage;
        }

        Finish(trace, "output", action, started);
        return new OutputCheck(action, action.IsTerminal() ? message! : string.Empty);
    }

    /// <summary>The text of a function call as the output checks see it: its name, a space, its arguments as JSON.</summary>
    internal static string ToolCallText(FunctionCallContent call) =>
        call.Name + " " + (call.Arguments is null ? "{}" : JsonText.Write(JsonText.Compact, w => JsonSerializer.Serialize(w, call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)))));

    /// <summary>Creates the during-generation monitor for one streamed response.</summary>
    public StreamingGuard CreateStreamingGuard(AlignmentTrace trace) => new(this, trace);

    /// <summary>
    /// The refusal for a stream cut by <paramref name="violation"/>: the message a non-streamed request gets for the same
    /// decision (the rule's message, else the constitution's default for the action; an escalation is queued for review
    /// as the output stage queues it). A cut on the classifier's score alone (no stopping action) gets the block message.
    /// </summary>
    internal async Task<string> StreamRefusalAsync(StreamingViolation violation, string prompt, string text, AlignmentTrace trace, CancellationToken cancellationToken)
    {
        var decision = violation.Decision;
        if (decision.Action == AlignmentAction.Escalate)
        {
            return await EscalateAsync(trace, "streamed response escalated", prompt, text, cancellationToken).ConfigureAwait(false) ?? Constitution.DefaultEscalationMessage;
        }

        if (!decision.Action.IsTerminal())
        {
            return Constitution.DefaultBlockMessage;
        }

        return decision.Message ?? (decision.Action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : Constitution.DefaultRedirectMessage);
    }

    internal static string Appendix(IReadOnlyList<string> disclaimers, IReadOnlyList<string> warnings)
    {
        if (disclaimers.Count == 0 && warnings.Count == 0)
        {
            return string.Empty;
        }

        var parts = warnings.Select(w => "Warning: " + w).Concat(disclaimers);
        return "\n\n" + string.Join("\n", parts);
    }

    /// <summary>Records a failure of the guarded model; true when a fallback reply is configured (the caller then uses it).</summary>
    internal bool RecordModelFailure(AlignmentTrace trace, Exception error)
    {
        var reason = $"{error.GetType().Name}: {Truncate(error.Message, 300)}";
        AlignmentLog.ModelFailed(Logger, reason);
        var fallback = Options.ModelFailureFallback is not null;
        trace.Add(new TraceEvent("generation", "failure", $"the model failed ({reason}); {(fallback ? "answered with the configured fallback" : "the error goes to the caller")}", AlignmentAction.Allow, 0));
        return fallback;
    }

    internal void RecordIntervention(AlignmentTrace trace, string kind, string reason)
    {
        trace.Interventions++;
        AlignmentTelemetry.Interventions.Add(1, new KeyValuePair<string, object?>("alignlab.kind", kind));
        AlignmentLog.Intervention(Logger, trace.Interventions, kind, reason);
    }

    internal AlignmentAction OnFailure(string what, string stage, FailureMode mode, Exception error, AlignmentTrace trace, double elapsedMilliseconds)
    {
        var closed = mode == FailureMode.Closed;
        var reason = error is TimeoutException ? error.Message : $"{error.GetType().Name}: {Truncate(error.Message, 300)}";
        AlignmentTelemetry.DetectorFailures.Add(1, new KeyValuePair<string, object?>("alignlab.detector", what), new KeyValuePair<string, object?>("alignlab.failure_mode", closed ? "closed" : "open"));
        AlignmentLog.DetectorFailed(Logger, what, stage, closed ? "closed" : "open", reason);
        var action = closed ? AlignmentAction.Block : AlignmentAction.Allow;
        trace.Add(new TraceEvent(stage, "failure", $"{what} failed ({reason}); stage fails {(closed ? "closed: the exchange is stopped" : "open: the exchange goes on unchecked by it")}", action, elapsedMilliseconds)
        {
            Data = new JsonObject { ["detector"] = what, ["failure_mode"] = closed ? "closed" : "open", ["error"] = reason },
        });
        return action;
    }

    private async Task<string?> EscalateAsync(AlignmentTrace trace, string reason, string prompt, string? response, CancellationToken cancellationToken)
    {
        var categories = trace.Events.SelectMany(e => e.Detectors.SelectMany(d => d.FlaggedCategories))
            .Concat(trace.Events.Where(e => e.Decision?.DecidingRule?.Rule.Category is not null).Select(e => e.Decision!.DecidingRule!.Rule.Category!.Id))
            .Distinct(StringComparer.Ordinal).ToList();
        // The highest unsafe score seen: the judges' and the built-in classifier's (a rule-only escalation used to get 0).
        var score = trace.Events.SelectMany(e => e.Detectors).Select(d => d.UnsafeScore)
            .Concat(trace.Events.Select(e => e.Decision?.Scores).OfType<SafetyScores>().Select(s => (double)s.Unsafe))
            .DefaultIfEmpty(0).Max();
        var item = await ReviewQueue.EnqueueAsync(new ReviewRequest(reason, prompt, response, Constitution.Name, trace.ToJson(indented: false), categories, score), cancellationToken).ConfigureAwait(false);
        trace.ReviewId = item.Id;
        trace.Add(new TraceEvent("review", "escalation", $"queued for human review as {item.Id}", AlignmentAction.Escalate, 0));
        AlignmentLog.Escalated(Logger, item.Id);
        return Constitution.DefaultEscalationMessage;
    }

    internal void LogDecision(string stage, Decision decision)
    {
        if (decision.Action != AlignmentAction.Allow)
        {
            AlignmentLog.Decision(Logger, stage, decision.Action.ToName(), decision.DecidingRule?.Rule.Id, decision.DecidingDetection?.Category.Id);
        }
    }

    private static void Finish(AlignmentTrace trace, string stage, AlignmentAction action, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        trace.GuardTime += elapsed;
        AlignmentTelemetry.RecordDecision(stage, action, elapsed);
        Activity.Current?.SetTag("alignlab.action", action.ToName());
    }

    internal static string Summarize(Decision d)
    {
        if (d.Action == AlignmentAction.Allow)
        {
            return d.Scores is { } s ? $"allowed (unsafe score {s.Unsafe:0.00})" : "allowed";
        }

        var why = d.DecidingRule is { } r ? $"rule '{r.Rule.Id}'" : d.DecidingDetection is { } det ? $"{det.Detector} {det.Category.Id} {det.Score:0.00} ≥ {det.Threshold:0.00}" : "policy";
        return $"{d.Action.ToName()} by {why}";
    }

    internal static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";

    internal static double Ms(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
