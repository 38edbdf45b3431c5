using System.Net.ServerSentEvents;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Runtime;
using AlignLab.Runtime.Pipeline;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// One streamed chat completion (<c>"stream": true</c>): the upstream's updates as <c>chat.completion.chunk</c> events
/// through <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/> (<c>data: {…}\n\n</c> each,
/// then <c>data: [DONE]</c>), tool calls and the final chunk once the answer is recorded. Until the upstream's first
/// update arrives nothing is sent, so a failure then is an ordinary 502 in the OpenAI error shape; a failure later ends
/// the stream with an error event. Exactly one audit record, also when the client goes away (499, with what it was sent).
/// </summary>
internal sealed class ChatCompletionStream(HttpContext http, GatewayState state, ChatCompletionRequest request, PolicySnapshot snapshot,
    string auditId, string completionId, long created, string inputHash, long started)
{
    private readonly List<FunctionCallContent> _calls = [];
    private string _model = request.Model;
    private string? _finishFromModel;
    private AlignmentTrace? _trace;
    private UsageDetails? _usage;
    private int _deliveredChunks;
    private long _deliveredChars;
    private bool _recorded;

    /// <summary>Streams the answer (or answers with an error) and records the request once.</summary>
    public async Task RunAsync()
    {
        var ct = http.RequestAborted;
        var updates = snapshot.Client!.GetStreamingResponseAsync(request.Messages, request.Options, ct).GetAsyncEnumerator(ct);
        try
        {
            bool any;
            try
            {
                any = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                await RecordCancelledAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                await ChatCompletionsEndpoint.FailUpstreamAsync(http, state, snapshot, auditId, inputHash, started, ex).ConfigureAwait(false);
                return;
            }

            if (!any && !await RecordEmptyAnswerAsync().ConfigureAwait(false))
            {
                return;
            }

            http.Response.Headers["X-Accel-Buffering"] = "no";
            try
            {
                await TypedResults.ServerSentEvents(Events(updates, any)).ExecuteAsync(http).ConfigureAwait(false);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // The client went away while an event was written: recorded below with what it was sent.
            }

            if (!_recorded)
            {
                await RecordCancelledAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The events; a chunk counts as delivered once the next one is asked for (the writer has flushed it).</summary>
    private async IAsyncEnumerable<SseItem<string>> Events(IAsyncEnumerator<ChatResponseUpdate> updates, bool any)
    {
        var ct = http.RequestAborted;
        var first = true;
        while (any)
        {
            var text = Take(updates.Current);
            if (!string.IsNullOrEmpty(text) || first)
            {
                var role = first;
                first = false;
                yield return Chunk(w => WriteDelta(w, role, text));
                Delivered(text?.Length ?? 0);
            }

            Exception? failure = null;
            try
            {
                any = await updates.MoveNextAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // any upstream failure ends the stream with an error event (or, once the client left, its 499 record)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            if (failure is not null)
            {
                if (ct.IsCancellationRequested)
                {
                    yield break;
                }

                _recorded = true;
                await state.RecordBestEffortAsync(http, ChatCompletionsEndpoint.Record(state, auditId, http, snapshot, AlignmentAction.Block,
                    StatusCodes.Status502BadGateway, started, inputHash, _trace)).ConfigureAwait(false);
                yield return Data(ChatCompletionsEndpoint.ErrorJson(ChatCompletionsEndpoint.UpstreamMessage(failure), "upstream_error"));
                yield break;
            }
        }

        if (ct.IsCancellationRequested)
        {
            yield break;
        }

        var action = _trace?.FinalAction ?? AlignmentAction.Allow;
        var finish = ChatCompletionsEndpoint.FinishReason(_finishFromModel is null ? null : new ChatFinishReason(_finishFromModel), _trace);
        if (finish == "content_filter")
        {
            _calls.Clear();
        }

        finish = ChatCompletionsEndpoint.ToolCallsFinish(finish, _calls.Count);
        if (!_recorded && await RecordAnswerAsync(action).ConfigureAwait(false) is { } auditFailure)
        {
            yield return Data(ChatCompletionsEndpoint.ErrorJson(auditFailure, "audit_unavailable"));
            yield break;
        }

        for (var i = 0; i < _calls.Count; i++)
        {
            var index = i;
            yield return Chunk(w => ChatCompletionsEndpoint.WriteToolCallChoice(w, index, _calls[index], ""));
            Delivered(0);
            foreach (var fragment in ChatCompletionsEndpoint.Fragments(ToolCallJson.Arguments(_calls[index])))
            {
                yield return Chunk(w => ChatCompletionsEndpoint.WriteToolCallChoice(w, index, null, fragment));
                Delivered(0);
            }
        }

        yield return Chunk(w => WriteFinish(w, finish, action));
        Delivered(0);
        if (request.IncludeUsage)
        {
            yield return Chunk(w =>
            {
                w.WriteStartArray("choices");
                w.WriteEndArray();
                ChatCompletionsEndpoint.WriteUsage(w, _usage ?? new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0 });
            });
            Delivered(0);
        }

        yield return Data("[DONE]");
    }

    /// <summary>Takes what an update carries (trace, finish reason, model, usage, calls); returns its text.</summary>
    private string? Take(ChatResponseUpdate update)
    {
        _trace = update.GetAlignmentTrace() ?? _trace;
        if (update.FinishReason is { } fr)
        {
            _finishFromModel = fr.Value;
        }

        if (update.ModelId is { } id)
        {
            _model = id;
        }

        foreach (var content in update.Contents)
        {
            if (content is UsageContent u)
            {
                _usage = u.Details;
            }
            else if (content is FunctionCallContent call)
            {
                // Held until the answer is complete: calls are only sent when the answer is not refused.
                _calls.Add(call);
            }
        }

        return update.Text;
    }

    /// <summary>
    /// Records the answer (not bound to RequestAborted: a client leaving now must not lose the record of what it was
    /// sent); returns the audit failure's message, or null when it was committed.
    /// </summary>
    private async Task<string?> RecordAnswerAsync(AlignmentAction action)
    {
        _recorded = true;
        try
        {
            var answered = ChatCompletionsEndpoint.Record(state, auditId, http, snapshot, action, StatusCodes.Status200OK, started, inputHash,
                _trace);
            await state.RecordAsync(http, answered, action.IsTerminal(), CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is AuditLogException or TimeoutException)
        {
            return ex.Message;
        }
    }

    /// <summary>An upstream stream without a single update: recorded before any event, so an audit failure is a 503.</summary>
    private async Task<bool> RecordEmptyAnswerAsync()
    {
        if (http.RequestAborted.IsCancellationRequested)
        {
            await RecordCancelledAsync().ConfigureAwait(false);
            return false;
        }

        if (await RecordAnswerAsync(AlignmentAction.Allow).ConfigureAwait(false) is not { } failure)
        {
            return true;
        }

        await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, failure, "server_error", "audit_unavailable")
            .ConfigureAwait(false);
        return false;
    }

    private Task RecordCancelledAsync()
    {
        _recorded = true;
        return ChatCompletionsEndpoint.RecordCancelledAsync(http, state, snapshot, auditId, inputHash, started, _trace, stream: true,
            _deliveredChunks, _deliveredChars);
    }

    private void Delivered(int contentChars)
    {
        _deliveredChunks++;
        _deliveredChars += contentChars;
    }

    private SseItem<string> Chunk(Action<Utf8JsonWriter> body) => Data(JsonText.Write(JsonText.Compact, w =>
    {
        w.WriteStartObject();
        w.WriteString("id", completionId);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", _model);
        body(w);
        w.WriteEndObject();
    }));

    private static SseItem<string> Data(string data) => new(data);

    private static void WriteDelta(Utf8JsonWriter w, bool role, string? text)
    {
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (role)
        {
            w.WriteString("role", "assistant");
        }

        w.WriteString("content", text);
        w.WriteEndObject();
        w.WriteNull("finish_reason");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private void WriteFinish(Utf8JsonWriter w, string finish, AlignmentAction action)
    {
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        w.WriteEndObject();
        w.WriteString("finish_reason", finish);
        w.WriteEndObject();
        w.WriteEndArray();
        ChatCompletionsEndpoint.WriteAlignLab(w, auditId, snapshot, action);
    }
}
