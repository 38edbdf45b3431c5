using System.Runtime.CompilerServices;
using AlignLab.Constitutions;
using AlignLab.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// Enforces a constitution around any <see cref="IChatClient"/>: the user's turn (and tool/retrieved content) is
/// checked before the model is called, a streamed answer is monitored while it is generated, and the complete
/// answer is checked, revised, redacted and annotated before it is returned. Function calls in the answer are model
/// output too: their names and arguments go through the output rules and classifier, a call the policy would stop
/// replaces the whole answer with a refusal, and when streaming the calls are held back until the checks pass. Refusals carry
/// <see cref="ChatFinishReason.ContentFilter"/>; every response carries an <see cref="AlignmentTrace"/> in
/// <c>AdditionalProperties["alignlab.trace"]</c>. Add it with <c>builder.UseAlignment(...)</c>.
/// </summary>
public sealed class AlignedChatClient : DelegatingChatClient
{
    private readonly bool _ownsPipeline;

    /// <summary>
    /// Wraps <paramref name="innerClient"/> with <paramref name="pipeline"/>. Disposing the client disposes
    /// <paramref name="innerClient"/> but not <paramref name="pipeline"/>, which the caller created and may share.
    /// </summary>
    public AlignedChatClient(IChatClient innerClient, AlignmentPipeline pipeline)
        : base(innerClient)
    {
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
    }

    /// <summary>
    /// Wraps <paramref name="innerClient"/>; disposes <paramref name="pipeline"/> with itself when it owns it
    /// (<c>UseAlignment</c> built it).
    /// </summary>
    internal AlignedChatClient(IChatClient innerClient, AlignmentPipeline pipeline, bool ownsPipeline)
        : this(innerClient, pipeline)
    {
        _ownsPipeline = ownsPipeline;
    }

    /// <summary>The guard stages in force.</summary>
    public AlignmentPipeline Pipeline { get; }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsPipeline)
        {
            Pipeline.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var activity = AlignmentTelemetry.ActivitySource.StartActivity("alignlab.chat");
        var trace = Pipeline.StartTrace();
        var input = await Pipeline.CheckInputAsync([.. messages], trace, cancellationToken).ConfigureAwait(false);
        if (input.IsTerminal)
        {
            activity?.SetTag("alignlab.action", input.Action.ToName());
            return Refusal(input.Message!, trace, options);
        }

        trace.ModelCalled = true;
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(input.Messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Pipeline.RecordModelFailure(trace, ex))
        {
            var fallback = new ChatResponse(new ChatMessage(ChatRole.Assistant, Pipeline.Options.ModelFailureFallback!)) { FinishReason = ChatFinishReason.Stop };
            Attach(fallback, trace);
            return fallback;
        }

        var draft = response.Text;
        var output = await Pipeline.CheckOutputAsync(input.Prompt, draft, input, trace, cancellationToken).ConfigureAwait(false);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        if (!output.IsTerminal && calls.Count > 0)
        {
            var checkedCalls = await Pipeline.CheckToolCallsAsync(input.Prompt, calls, trace, cancellationToken).ConfigureAwait(false);
            output = checkedCalls.IsTerminal ? checkedCalls : output;
        }

        activity?.SetTag("alignlab.action", trace.FinalAction.ToName());

        if (output.IsTerminal || !string.Equals(output.Text, draft, StringComparison.Ordinal))
        {
            ReplaceText(response, output.Text, keepOtherContent: !output.IsTerminal);
        }

        if (output.IsTerminal)
        {
            response.FinishReason = ChatFinishReason.ContentFilter;
        }

        Attach(response, trace);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // With critique→revision the answer can only be released once revised: the non-streaming path generates,
        // checks and revises it (input stage included), then it is sent whole.
        if (Pipeline.Options.Reviser is not null)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var u in response.ToChatResponseUpdates())
            {
                yield return u;
            }

            yield break;
        }

        using var activity = AlignmentTelemetry.ActivitySource.StartActivity("alignlab.chat");
        var trace = Pipeline.StartTrace();
        var input = await Pipeline.CheckInputAsync([.. messages], trace, cancellationToken).ConfigureAwait(false);
        if (input.IsTerminal)
        {
            yield return Update(input.Message!, null, trace, ChatFinishReason.ContentFilter);
            yield break;
        }

        var guard = Pipeline.CreateStreamingGuard(trace);
        var transcript = new Streaming.StreamTranscript();
        var request = input.Messages;
        var calls = new List<FunctionCallContent>();
        ChatResponseUpdate? last = null;
        ChatFinishReason? finish = null;
        Streaming.StreamingViolation? abort = null;
        trace.ModelCalled = true;

        while (true)
        {
            StreamingPass pass = new();
            calls.Clear();
            await using var enumerator = base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Pipeline.RecordModelFailure(trace, ex))
                {
                    pass.ModelFailed = true;
                    break;
                }

                last = update;
                finish = update.FinishReason ?? finish;
                calls.AddRange(update.Contents.OfType<FunctionCallContent>());
                var passthrough = NonText(update);
                if (passthrough is not null)
                {
                    yield return passthrough;
                }

                var violation = guard.Append(update.Text);
                if (violation is not null)
                {
                    pass.Violation = violation;
                    break;
                }

                var released = transcript.Text(guard.Release(final: false));
                if (released.Length > 0)
                {
                    yield return Update(released, update, null, null);
                }
            }

            if (pass.ModelFailed)
            {
                guard.DropUnreleased();
                yield return Update(Pipeline.Options.ModelFailureFallback!, last, trace, ChatFinishReason.Stop);
                yield break;
            }

            pass.Violation ??= guard.Complete();
            if (pass.Violation is null)
            {
                break;
            }

            if (guard.InterventionsLeft > 0)
            {
                Pipeline.RecordIntervention(trace, "steer", pass.Violation.Reason);
                var shown = transcript.Delivered ? "the steering note is shown before the new attempt's text" : "nothing had been shown";
                trace.Add(new TraceEvent("streaming", "intervention",
                    $"restarted with steering instructions ({trace.Interventions} of {Pipeline.Constitution.Stages.MaxInterventions}); {shown}", AlignmentAction.Allow, 0));

                // The guard keeps a paragraph break between the attempts so its checks never join their words.
                guard.Restart("\n\n");
                transcript.Restarted(Pipeline.Options.SteeringNotice);
                request = [.. input.Messages, new ChatMessage(ChatRole.System, Pipeline.Options.SteeringInstruction)];
                finish = null;
                continue;
            }

            Pipeline.RecordIntervention(trace, "abort", pass.Violation.Reason);
            trace.Add(new TraceEvent("streaming", "abort", "stream cut: " + pass.Violation.Reason, AlignmentAction.Block, 0));
            abort = pass.Violation;
            break;
        }

        if (abort is not null)
        {
            var refusal = transcript.Delivered ? "" : await Pipeline.StreamRefusalAsync(abort, input.Prompt, guard.Text, trace, cancellationToken).ConfigureAwait(false);
            guard.DropUnreleased();
            activity?.SetTag("alignlab.action", trace.FinalAction.ToName());
            yield return Update(transcript.Stopped(refusal, Pipeline.Options.StreamAbortMessage), last, trace, ChatFinishReason.ContentFilter);
            yield break;
        }

        // The whole answer is known: post-generation checks decide how it ends.
        var fullText = guard.Text;
        var output = await Pipeline.CheckOutputAsync(input.Prompt, fullText, input, trace, cancellationToken).ConfigureAwait(false);
        if (!output.IsTerminal && calls.Count > 0)
        {
            var checkedCalls = await Pipeline.CheckToolCallsAsync(input.Prompt, calls, trace, cancellationToken).ConfigureAwait(false);
            output = checkedCalls.IsTerminal ? checkedCalls : output;
        }

        activity?.SetTag("alignlab.action", trace.FinalAction.ToName());
        if (output.IsTerminal)
        {
            guard.DropUnreleased();
            yield return Update(transcript.Stopped(output.Text, Pipeline.Options.StreamAbortMessage), last, trace, ChatFinishReason.ContentFilter);
            yield break;
        }

        if (calls.Count > 0)
        {
            // Held back until the whole answer and the calls themselves passed the output checks.
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. calls]) { ResponseId = last?.ResponseId, MessageId = last?.MessageId, ModelId = last?.ModelId, CreatedAt = last?.CreatedAt };
        }

        var rest = transcript.Text(guard.Release(final: true) + output.Appendix);
        yield return Update(rest, last, trace, finish ?? ChatFinishReason.Stop);
    }

    private static ChatResponse Refusal(string message, AlignmentTrace trace, ChatOptions? options)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, message))
        {
            FinishReason = ChatFinishReason.ContentFilter,
            ModelId = options?.ModelId,
        };
        Attach(response, trace);
        return response;
    }

    private static void ReplaceText(ChatResponse response, string text, bool keepOtherContent)
    {
        var lastAssistant = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        var contents = new List<AIContent> { new TextContent(text) };
        if (keepOtherContent && lastAssistant is not null)
        {
            contents.AddRange(lastAssistant.Contents.Where(c => c is not TextContent));
        }

        var replacement = new ChatMessage(ChatRole.Assistant, contents) { AuthorName = lastAssistant?.AuthorName, MessageId = lastAssistant?.MessageId };
        var kept = response.Messages.Where(m => m.Role != ChatRole.Assistant || (keepOtherContent && m != lastAssistant && m.Contents.Any(c => c is not TextContent))).ToList();
        kept.Add(replacement);
        response.Messages = kept;
    }

    private static ChatResponseUpdate Update(string text, ChatResponseUpdate? template, AlignmentTrace? trace, ChatFinishReason? finish)
    {
        var update = new ChatResponseUpdate(ChatRole.Assistant, text)
        {
            ResponseId = template?.ResponseId,
            MessageId = template?.MessageId,
            ModelId = template?.ModelId,
            CreatedAt = template?.CreatedAt,
            FinishReason = finish,
        };
        if (trace is not null)
        {
            (update.AdditionalProperties ??= [])[AlignmentTrace.PropertyName] = trace;
        }

        return update;
    }

    /// <summary>The non-text contents of an update to pass through at once (function calls are held until the answer is checked).</summary>
    private static ChatResponseUpdate? NonText(ChatResponseUpdate update)
    {
        if (!update.Contents.Any(PassesThrough))
        {
            return null;
        }

        return new ChatResponseUpdate(update.Role, [.. update.Contents.Where(PassesThrough)])
        {
            ResponseId = update.ResponseId,
            MessageId = update.MessageId,
            ModelId = update.ModelId,
            CreatedAt = update.CreatedAt,
        };
    }

    private static bool PassesThrough(AIContent content) => content is not TextContent and not FunctionCallContent;

    private static void Attach(ChatResponse response, AlignmentTrace trace) =>
        (response.AdditionalProperties ??= [])[AlignmentTrace.PropertyName] = trace;

    private sealed class StreamingPass
    {
        public Streaming.StreamingViolation? Violation { get; set; }

        public bool ModelFailed { get; set; }
    }
}
