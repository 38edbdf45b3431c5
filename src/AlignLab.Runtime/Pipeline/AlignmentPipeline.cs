using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlignLab.Classification;
using AlignLab.Constitution;
using AlignLab.IO;
using AlignLab.Refusals;
using AlignLab.Rules;
using AlignLab.Runtime.Caching;
using AlignLab.Runtime.Detectors;
using AlignLab.Runtime.Redaction;
using AlignLab.Runtime.Review;
using AlignLab.Runtime.Streaming;
using AlignLab.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// The guard stages of an aligned exchange, independent of any chat client: input (rules, classifier, judges,
/// injection checks on tool content, context injection), output (critique→revision, rules, classifier, judges,
/// consensus, PII redaction, disclaimers, refusal detection) and a factory for the streaming monitor.
/// Thread-safe; build one per constitution and share it. Disposing it disposes <see cref="AlignmentOptions.OwnedResources"/>
/// (the judge, critic and reviser clients built for it); dispose it only once no exchange is using it.
/// </summary>
public sealed class AlignmentPipeline : IDisposable
{
    private static readonly string[] InjectionCategories = [HarmCategory.PromptInjection.Id, HarmCategory.Jailbreak.Id];
    private readonly ILogger _logger;
    private readonly EvaluationOptions _evaluation;
    private readonly GuardDecisionCache<Decision>? _cache;
    private int _disposed;

    /// <summary>Builds a pipeline; throws <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public AlignmentPipeline(AlignmentOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid alignment options:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)), nameof(options));
        }

        Options = options;
        Constitution = options.Constitution ?? ConstitutionLoader.LoadDefault();
        var classifier = options.UseClassifier ? options.Classifier ?? SafetyClassifier.Default : null;
        Engine = new RuleEngine(Constitution, classifier: classifier);
        _logger = logger ?? NullLogger.Instance;
        _evaluation = new EvaluationOptions { Context = options.Context, Profile = options.Profile };
        ReviewQueue = options.ReviewQueue ?? new InMemoryReviewQueue(options.TimeProvider);
        var pii = Constitution.Runtime.Pii;
        Redactor = options.Redactor ?? (pii.Enabled && pii.Kinds.Length > 0 ? new PiiTextRedactor(PiiTextRedactor.KindsFromNames(pii.Kinds)) : null);
        var cache = Constitution.Runtime.Cache;
        if (cache.Enabled)
        {
            _cache = new GuardDecisionCache<Decision>(new GuardDecisionCacheOptions { MaxEntries = cache.MaxEntries, TimeToLive = cache.TimeToLive }, options.TimeProvider);
        }
    }

    /// <summary>The options in force.</summary>
    public AlignmentOptions Options { get; }

    /// <summary>The constitution in force.</summary>
    public Constitution.Constitution Constitution { get; }

    /// <summary>The rule engine (rules plus classifier detections).</summary>
    public RuleEngine Engine { get; }

    /// <summary>Where escalations go (in memory unless the options or the constitution name a queue).</summary>
    public IReviewQueue ReviewQueue { get; }

    /// <summary>The PII redactor in force: the options' one, else the constitution's <c>pii:</c> settings.</summary>
    public ITextRedactor? Redactor { get; }

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

    private (Decision Decision, bool Cached) EvaluateCached(string text, PolicyStage stage)
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

    /// <summary>Runs the pre-generation stage on a conversation.</summary>
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
        AlignmentLog.StageText(_logger, "input", prompt);

        if (!Constitution.Stages.InputEnabled)
        {
            return new InputCheck(AlignmentAction.Allow, null, list, prompt);
        }

        // 1. Rules and classifier on the user's turn.
        var (decision, cachedInput) = EvaluateCached(prompt, PolicyStage.Input);
        trace.Add(new TraceEvent("input", "rules", Summarize(decision) + (cachedInput ? " (cached)" : ""), decision.Action, Ms(started)) { Decision = decision });
        var action = decision.Action;
        var message = decision.Message;
        LogDecision("input", decision);

        // 2. Tool results and retrieved content: remove what carries an injection (with or without a user turn: an
        //    autonomous agent's conversation may hold only a system prompt, its own calls and their results).
        if (Options.GuardToolContent)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var m = list[i];
                var isTool = m.Role == ChatRole.Tool || m.Contents.Any(c => c is FunctionResultContent) || IsMarkedRetrieved(m);
                if (!isTool)
                {
                    continue;
                }

                var text = ToolText(m);
                if (text.Length == 0)
                {
                    continue;
                }

                var t0 = Stopwatch.GetTimestamp();
                var d = Evaluate(text, PolicyStage.Input);
                var injection = IsInjection(d);
                if (injection)
                {
                    list[i] = ReplaceToolContent(m, Options.RemovedContentNotice);
                    AlignmentLog.RemovedInjection(_logger, m.Role.Value, i);
                }

                trace.Add(new TraceEvent("input", "tool_content",
                    injection ? $"message {i} ({m.Role.Value}) removed: {Summarize(d)}" : $"message {i} ({m.Role.Value}) checked: no injection",
                    injection ? AlignmentAction.Redact : AlignmentAction.Allow, Ms(t0)) { Decision = d });
            }
        }

        // 3. Judges.
        if (!action.IsTerminal())
        {
            var request = new GuardRequest(prompt, PolicyStage.Input) { Context = Options.Context, Profile = Options.Profile };
            var (judgeAction, judgeMessage) = await RunDetectorsAsync(
                request, PolicyStage.Input, decision.Classifier, Constitution.Stages.InputFailureMode, trace, cancellationToken)
                .ConfigureAwait(false);
            if (judgeAction > action)
            {
                (action, message) = (judgeAction, judgeMessage);
            }
        }

        // 4. Consensus on the input, when configured.
        if (!action.IsTerminal() && Options.Consensus is { } consensus && (Options.ConsensusStages & PolicyStage.Input) != 0)
        {
            var (a, msg) = await RunConsensusAsync(consensus, new GuardRequest(prompt, PolicyStage.Input), "input", Constitution.Stages.InputFailureMode, trace, cancellationToken).ConfigureAwait(false);
            if (a > action)
            {
                (action, message) = (a, msg);
            }
        }

        if (action == AlignmentAction.Escalate)
        {
            message = await EscalateAsync(trace, "input escalated by policy", prompt, null, cancellationToken).ConfigureAwait(false) ?? message;
        }

        if (action.IsTerminal())
        {
            message ??= action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : Constitution.DefaultRedirectMessage;
            Finish(trace, "input", action, started);
            return new InputCheck(action, message, list, prompt);
        }

        // 5. Redaction of the user's turn, then context injection.
        if (decision.RedactedText is { } redacted && userIndex >= 0)
        {
            list[userIndex] = new ChatMessage(ChatRole.User, redacted) { AuthorName = list[userIndex].AuthorName, MessageId = list[userIndex].MessageId };
        }

        var guidance = new List<string>();
        var injectionSettings = Constitution.Runtime.ContextInjection;
        if (injectionSettings.Enabled && decision.Scores is { } scores && scores.Unsafe >= injectionSettings.MinScore)
        {
            guidance.Add(injectionSettings.Guidance);
        }

        foreach (var adj in new[] { Options.Context is null ? null : Constitution.Contexts.GetValueOrDefault(Options.Context), Options.Profile is null ? null : Constitution.Profiles.GetValueOrDefault(Options.Profile) })
        {
            if (adj?.SystemGuidance is { Length: > 0 } g)
            {
                guidance.Add(g);
            }
        }

        if (guidance.Count > 0)
        {
            var insertAt = list.FindLastIndex(m => m.Role == ChatRole.System) + 1;
            list.Insert(insertAt, new ChatMessage(ChatRole.System, string.Join("\n\n", guidance)));
            trace.Add(new TraceEvent("input", "context_injection",
                $"added {guidance.Count} guidance note(s) to the system prompt" + (decision.Scores is { } s2 ? $" (unsafe score {s2.Unsafe:0.00})" : ""), AlignmentAction.Allow, 0));
        }

        Finish(trace, "input", action, started);
        return new InputCheck(action, null, list, prompt) { Disclaimers = decision.Disclaimers, Warnings = decision.Warnings };
    }

    /// <summary>Runs the post-generation stage on a complete response.</summary>
    public async Task<OutputCheck> CheckOutputAsync(string prompt, string response, InputCheck? input, AlignmentTrace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        prompt ??= string.Empty;
        var text = response ?? string.Empty;
        var started = Stopwatch.GetTimestamp();
        using var activity = AlignmentTelemetry.ActivitySource.StartActivity("alignlab.guard");
        activity?.SetTag("alignlab.stage", "output");
        AlignmentLog.StageText(_logger, "output", text);

        var refusal = RefusalDetector.Default.Detect(text);
        if (refusal.IsRefusal)
        {
            trace.ModelRefused = true;
            trace.Add(new TraceEvent("output", "refusal", $"the model declined (\"{refusal.Phrase}\")", AlignmentAction.Allow, 0));
        }

        // 1. Critique→revision.
        if (Options.Reviser is { } reviser && !refusal.IsRefusal && text.Length > 0)
        {
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                var outcome = await reviser.ReviseAsync(prompt, text, cancellationToken).ConfigureAwait(false);
                text = outcome.Final;
                trace.Add(new TraceEvent("output", "critique_revision", outcome.Summary, AlignmentAction.Allow, Ms(t0)) { Data = outcome.Details });
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failed = OnFailure("critique_revision", "output", Constitution.Stages.OutputFailureMode, ex, trace, Ms(t0));
                if (failed.IsTerminal())
                {
                    Finish(trace, "output", failed, started);
                    return new OutputCheck(failed, Options.FailClosedMessage);
                }
            }
        }

        var action = AlignmentAction.Allow;
        string? message = null;
        IReadOnlyList<string> disclaimers = input?.Disclaimers ?? [];
        IReadOnlyList<string> warnings = input?.Warnings ?? [];

        if (Constitution.Stages.OutputEnabled)
        {
            // 2. Rules and classifier.
            var t0 = Stopwatch.GetTimestamp();
            var (decision, cachedOutput) = EvaluateCached(text, PolicyStage.Output);
            trace.Add(new TraceEvent("output", "rules", Summarize(decision) + (cachedOutput ? " (cached)" : ""), decision.Action, Ms(t0)) { Decision = decision });
            LogDecision("output", decision);
            (action, message) = (decision.Action, decision.Message);
            if (!action.IsTerminal() && decision.RedactedText is { } r)
            {
                text = r;
            }

            disclaimers = [.. disclaimers.Concat(decision.Disclaimers).Distinct(StringComparer.Ordinal)];
            warnings = [.. warnings.Concat(decision.Warnings).Distinct(StringComparer.Ordinal)];

            // 3. Judges.
            if (!action.IsTerminal())
            {
                var request = new GuardRequest(text, PolicyStage.Output) { Prompt = prompt, Context = Options.Context, Profile = Options.Profile };
                var (a, m) = await RunDetectorsAsync(
                    request, PolicyStage.Output, decision.Classifier, Constitution.Stages.OutputFailureMode, trace, cancellationToken)
                    .ConfigureAwait(false);
                if (a > action)
                {
                    (action, message) = (a, m);
                }
            }

            // 4. Consensus.
            if (!action.IsTerminal() && Options.Consensus is { } consensus && (Options.ConsensusStages & PolicyStage.Output) != 0)
            {
                var (a, m) = await RunConsensusAsync(consensus, new GuardRequest(text, PolicyStage.Output) { Prompt = prompt, Context = Options.Context, Profile = Options.Profile },
                    "output", Constitution.Stages.OutputFailureMode, trace, cancellationToken).ConfigureAwait(false);
                if (a > action)
                {
                    (action, message) = (a, m);
                }
            }
        }

        if (action == AlignmentAction.Escalate)
        {
            message = await EscalateAsync(trace, "response escalated", prompt, text, cancellationToken).ConfigureAwait(false) ?? message;
        }

        if (action.IsTerminal())
        {
            message ??= action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : Constitution.DefaultRedirectMessage;
            Finish(trace, "output", action, started);
            return new OutputCheck(action, message);
        }

        // 5. PII redaction.
        if (Redactor is { } redactor && (Constitution.Runtime.Pii.Stages & PolicyStage.Output) != 0)
        {
            var spans = redactor.Find(text);
            if (spans.Count > 0)
            {
                text = RedactionSpan.Apply(text, spans);
                trace.Add(new TraceEvent("output", "pii", $"redacted {spans.Count} span(s): {string.Join(", ", spans.GroupBy(s => s.Kind).Select(g => $"{g.Key}×{g.Count()}"))}",
                    AlignmentAction.Redact, 0));
            }
        }

        var appendix = Appendix(disclaimers, warnings);
        Finish(trace, "output", action, started);
        return new OutputCheck(action, text + appendix) { Appendix = appendix };
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
            AlignmentLog.StageText(_logger, "tool_call", text);
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
        AlignmentLog.ModelFailed(_logger, reason);
        var fallback = Options.ModelFailureFallback is not null;
        trace.Add(new TraceEvent("generation", "failure", $"the model failed ({reason}); {(fallback ? "answered with the configured fallback" : "the error goes to the caller")}", AlignmentAction.Allow, 0));
        return fallback;
    }

    internal void RecordIntervention(AlignmentTrace trace, string kind, string reason)
    {
        trace.Interventions++;
        AlignmentTelemetry.Interventions.Add(1, new KeyValuePair<string, object?>("alignlab.kind", kind));
        AlignmentLog.Intervention(_logger, trace.Interventions, kind, reason);
    }

    private async Task<(AlignmentAction Action, string? Message)> RunDetectorsAsync(
        GuardRequest request, PolicyStage stage, ClassifierVerdict? verdict, FailureMode failureMode, AlignmentTrace trace,
        CancellationToken cancellationToken)
    {
        var stageName = stage == PolicyStage.Input ? "input" : "output";
        var detectors = new List<StagedDetector>();
        foreach (var d in Options.Detectors.Where(d => (d.Stages & stage) != 0))
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

        var tasks = detectors.Select(d => RunOneAsync(d, request, cancellationToken)).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var action = AlignmentAction.Allow;
        string? message = null;
        foreach (var (spec, result, error, elapsed) in results)
        {
            if (error is not null)
            {
                var a = OnFailure(spec.Detector.Name, stageName, failureMode, error, trace, elapsed.TotalMilliseconds);
                if (a > action)
                {
                    (action, message) = (a, Options.FailClosedMessage);
                }

                continue;
            }

            var flagged = result!.Flagged && result.UnsafeScore >= spec.Threshold;
            var (ja, jm) = flagged ? ActionFor(result, stage) : (AlignmentAction.Allow, null);
            trace.Add(new TraceEvent(stageName, "judge",
                $"{spec.Detector.Name}: {(flagged ? "unsafe" : "safe")} ({result.UnsafeScore:0.00}){(result.FlaggedCategories.IsEmpty ? "" : " " + string.Join(",", result.FlaggedCategories))}",
                ja, elapsed.TotalMilliseconds) { Detectors = [result with { Elapsed = elapsed, RawOutput = Truncate(result.RawOutput, 2000) }] });
            if (ja > action)
            {
                (action, message) = (ja, jm);
            }
        }

        return (action, message);
    }

    private async Task<(StagedDetector Spec, DetectorResult? Result, Exception? Error, TimeSpan Elapsed)> RunOneAsync(StagedDetector spec, GuardRequest request, CancellationToken cancellationToken)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(spec.Timeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await spec.Detector.DetectAsync(request, linked.Token).ConfigureAwait(false);
            return (spec, result, null, Stopwatch.GetElapsedTime(t0));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (spec, null, new TimeoutException($"{spec.Detector.Name} did not answer within {spec.Timeout.TotalSeconds:0.###} s"), Stopwatch.GetElapsedTime(t0));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (spec, null, ex, Stopwatch.GetElapsedTime(t0));
        }
    }

    private async Task<(AlignmentAction Action, string? Message)> RunConsensusAsync(Consensus.IConsensusCheck consensus, GuardRequest request, string stage, FailureMode failureMode, AlignmentTrace trace, CancellationToken cancellationToken)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await consensus.CheckAsync(request, cancellationToken).ConfigureAwait(false);
            trace.Add(new TraceEvent(stage, "consensus", outcome.Summary, outcome.Action, Ms(t0)) { Data = outcome.Details });
            var message = outcome.Action switch
            {
                AlignmentAction.Block => Constitution.DefaultBlockMessage,
                AlignmentAction.Escalate => Constitution.DefaultEscalationMessage,
                AlignmentAction.RefusePolitely => Constitution.DefaultRedirectMessage,
                _ => null,
            };
            return (outcome.Action, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var a = OnFailure("consensus", stage, failureMode, ex, trace, Ms(t0));
            return (a, a.IsTerminal() ? Options.FailClosedMessage : null);
        }
    }

    private (AlignmentAction Action, string? Message) ActionFor(DetectorResult result, PolicyStage stage)
    {
        var action = AlignmentAction.Allow;
        string? message = null;
        foreach (var id in result.FlaggedCategories)
        {
            if (Constitution.Categories.TryGetValue(id, out var policy) && policy.Enabled && (policy.Stages & stage) != 0 && policy.Action > action)
            {
                (action, message) = (policy.Action, policy.Message);
            }
        }

        if (action == AlignmentAction.Allow)
        {
            // A flag without a known category still refuses: a judge said the text is unsafe.
            action = AlignmentAction.RefusePolitely;
        }

        message ??= action == AlignmentAction.Block ? Constitution.DefaultBlockMessage : "I can't help with that request.";
        return (action, message);
    }

    private AlignmentAction OnFailure(string what, string stage, FailureMode mode, Exception error, AlignmentTrace trace, double elapsedMilliseconds)
    {
        var closed = mode == FailureMode.Closed;
        var reason = error is TimeoutException ? error.Message : $"{error.GetType().Name}: {Truncate(error.Message, 300)}";
        AlignmentTelemetry.DetectorFailures.Add(1, new KeyValuePair<string, object?>("alignlab.detector", what), new KeyValuePair<string, object?>("alignlab.failure_mode", closed ? "closed" : "open"));
        AlignmentLog.DetectorFailed(_logger, what, stage, closed ? "closed" : "open", reason);
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
        AlignmentLog.Escalated(_logger, item.Id);
        return Constitution.DefaultEscalationMessage;
    }

    private void LogDecision(string stage, Decision decision)
    {
        if (decision.Action != AlignmentAction.Allow)
        {
            AlignmentLog.Decision(_logger, stage, decision.Action.ToName(), decision.DecidingRule?.Rule.Id, decision.DecidingDetection?.Category.Id);
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

    private static bool IsInjection(Decision d) =>
        d.Action >= AlignmentAction.RefusePolitely &&
        (d.DecidingDetection is { } det && InjectionCategories.Contains(det.Category.Id) ||
         d.DecidingRule?.Rule.Category is { } c && InjectionCategories.Contains(c.Id) ||
         d.Matches.Any(m => m.Rule.Category is { } mc && InjectionCategories.Contains(mc.Id) && m.Action >= AlignmentAction.RefusePolitely) ||
         d.Detections.Any(x => InjectionCategories.Contains(x.Category.Id) && x.Action >= AlignmentAction.RefusePolitely));

    private static bool IsMarkedRetrieved(ChatMessage m) =>
        m.AdditionalProperties?.TryGetValue("alignlab.retrieved", out var v) == true && v is true or "true";

    private static string ToolText(ChatMessage m)
    {
        var parts = new List<string>();
        foreach (var c in m.Contents)
        {
            switch (c)
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    parts.Add(t.Text);
                    break;
                case FunctionResultContent f when f.Result is not null:
                    parts.Add(f.Result as string ?? f.Result.ToString() ?? string.Empty);
                    break;
            }
        }

        return string.Join("\n", parts);
    }

    private static ChatMessage ReplaceToolContent(ChatMessage m, string notice)
    {
        var contents = new List<AIContent>();
        foreach (var c in m.Contents)
        {
            contents.Add(c switch
            {
                TextContent => new TextContent(notice),
                FunctionResultContent f => new FunctionResultContent(f.CallId, notice),
                _ => c,
            });
        }

        return new ChatMessage(m.Role, contents) { AuthorName = m.AuthorName, MessageId = m.MessageId, AdditionalProperties = m.AdditionalProperties };
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";

    private static double Ms(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
