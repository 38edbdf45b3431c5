using System.Diagnostics;
using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Providers.Errors;
using AlignLab.Runtime;
using AlignLab.Runtime.Pipeline;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.Policies;
using AlignLab.Server.Profiles;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c> in the OpenAI wire format, streamed (SSE) or not, with the arm's alignment
/// pipeline around the upstream model. A refusal is an ordinary assistant message with
/// <c>finish_reason: "content_filter"</c>; the decision is in the audit log under the <c>x-alignlab-audit-id</c> header.
/// Function calls the model makes come back as <c>tool_calls</c> (streamed as <c>delta.tool_calls</c> chunks at the end,
/// once the pipeline's output checks passed them) with <c>finish_reason: "tool_calls"</c>.
/// </summary>
internal static class ChatCompletionsEndpoint
{
    /// <summary>Audit endpoint name.</summary>
    public const string EndpointName = "chat.completions";

    /// <summary>Longest <c>function.arguments</c> fragment of a streamed tool call.</summary>
    private const int ArgumentsFragmentLength = 256;

    /// <summary>Handles one request.</summary>
    public static async Task HandleAsync(HttpContext http, GatewayState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        ChatCompletionRequest request;
        RequestSelection selection;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            request = ChatCompletionRequest.Read(doc.RootElement);
            selection = RequestSelectionReader.Read(http.Request, doc.RootElement);
        }

        var arm = state.SelectArm(http, request.User);

        // Held to the end of the request (the last streamed chunk): a reload meanwhile disposes this snapshot only after it.
        using var lease = arm.Acquire();
        var snapshot = lease.Snapshot;

        // The context and profile the request chose (issue 19 item 6): the policy's variant with that pipeline.
        if (await SelectionGate.ApplyAsync(http, state, snapshot, selection, started).ConfigureAwait(false) is not { } chosen)
        {
            return;
        }

        snapshot = chosen;
        if (snapshot.Client is null)
        {
            await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable,
                "this gateway has no upstream model configured (start it with --upstream provider:model)", "server_error", "no_upstream").ConfigureAwait(false);
            return;
        }

        var auditId = GatewayState.NewAuditId();
        var completionId = "chatcmpl-" + auditId;
        var created = state.Time.GetUtcNow().ToUnixTimeSeconds();
        http.Response.Headers["x-alignlab-audit-id"] = auditId;
        http.Response.Headers["x-alignlab-arm"] = arm.Name;
        http.Response.Headers["x-alignlab-policy-version"] = snapshot.Version;
        SetSelectionHeaders(http, snapshot);
        var inputHash = GatewayState.Sha256(string.Join("\u001e", request.Messages.Select(HashedText)));

        if (request.Stream)
        {
            await new ChatCompletionStream(http, state, request, snapshot, auditId, completionId, created, inputHash, started).RunAsync().ConfigureAwait(false);
            return;
        }

        ChatResponse response;
        try
        {
            response = await snapshot.Client.GetResponseAsync(request.Messages, request.Options, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            await RecordCancelledAsync(http, state, snapshot, auditId, inputHash, started, null, stream: false, 0, 0).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailUpstreamAsync(http, state, snapshot, auditId, inputHash, started, ex).ConfigureAwait(false);
            return;
        }

        var trace = response.GetAlignmentTrace();
        if (ct.IsCancellationRequested)
        {
            // The answer came, but its client is gone: nothing was delivered.
            await RecordCancelledAsync(http, state, snapshot, auditId, inputHash, started, trace, stream: false, 0, 0).ConfigureAwait(false);
            return;
        }

        var finish = FinishReason(response.FinishReason, trace);

        // A refused answer carries no calls (the runtime drops them with the text); otherwise they go back to the client.
        var calls = finish == "content_filter" ? [] : ToolCallJson.CallsIn(response.Messages.SelectMany(m => m.Contents));
        finish = ToolCallsFinish(finish, calls.Count);
        var action = trace?.FinalAction ?? AlignmentAction.Allow;
        var answered = Record(state, auditId, http, snapshot, action, StatusCodes.Status200OK, started, inputHash, trace);
        if (!await RequestAudit.TryRecordAsync(http, state, answered, action.IsTerminal()).ConfigureAwait(false))
        {
            return;
        }

        http.Response.Headers["x-alignlab-action"] = action.ToName();
        await JsonResponse.WriteAsync(http.Response, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", completionId);
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", created);
            w.WriteString("model", response.ModelId ?? request.Model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            if (calls.Count > 0 && response.Text.Length == 0)
            {
                w.WriteNull("content");
            }
            else
            {
                w.WriteString("content", response.Text);
            }

            w.WriteNull("refusal");
            if (calls.Count > 0)
            {
                ToolCallJson.WriteMessageCalls(w, calls);
            }

            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", finish);
            w.WriteEndObject();
            w.WriteEndArray();
            WriteUsage(w, response.Usage);
            WriteAlignLab(w, auditId, snapshot, action);
            w.WriteEndObject();
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// What of a message goes into the audit's input hash: its text, plus its tool results and calls (name and
    /// arguments), so conversations differing only in a tool result do not share a hash. Plain messages hash as before.
    /// </summary>
    private static string HashedText(ChatMessage m)
    {
        var tools = m.Contents
            .Select(c => c switch
            {
                FunctionResultContent r => "\u001f" + r.CallId + "\u001f" + r.Result,
                FunctionCallContent f => "\u001f" + f.CallId + "\u001f" + f.Name + "\u001f" + ToolCallJson.Arguments(f),
                _ => "",
            });
        return m.Text + string.Concat(tools);
    }

    /// <summary>An answer that calls functions ends with <c>tool_calls</c>, even when the upstream said <c>stop</c>.</summary>
    internal static string ToolCallsFinish(string finish, int calls) => calls > 0 && finish == "stop" ? "tool_calls" : finish;

    internal static void WriteToolCallChoice(Utf8JsonWriter w, int index, FunctionCallContent? call, string arguments)
    {
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        ToolCallJson.WriteDelta(w, index, call, arguments);
        w.WriteNull("finish_reason");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>Splits call arguments into streamed fragments of at most <see cref="ArgumentsFragmentLength"/> characters, never inside a surrogate pair.</summary>
    internal static IEnumerable<string> Fragments(string arguments)
    {
        var start = 0;
        while (start < arguments.Length)
        {
            var end = Math.Min(arguments.Length, start + ArgumentsFragmentLength);
            if (end < arguments.Length && char.IsHighSurrogate(arguments[end - 1]))
            {
                end--;
            }

            yield return arguments[start..end];
            start = end;
        }
    }

    internal static string FinishReason(ChatFinishReason? reason, AlignmentTrace? trace)
    {
        if (trace is not null && trace.FinalAction.IsTerminal())
        {
            return "content_filter";
        }

        if (reason == ChatFinishReason.ContentFilter)
        {
            return "content_filter";
        }

        if (reason == ChatFinishReason.Length)
        {
            return "length";
        }

        return reason == ChatFinishReason.ToolCalls ? "tool_calls" : "stop";
    }

    internal static AuditRecord Record(GatewayState state, string auditId, HttpContext http, PolicySnapshot snapshot, AlignmentAction action, int status, long started, string inputHash, AlignmentTrace? trace) =>
        new AuditRecord(auditId, state.Time.GetUtcNow(), Caller.Of(http).Name, EndpointName, snapshot.Arm, snapshot.Constitution.Name,
            snapshot.Version,
            status >= 400 ? "error" : action.ToName(), action != AlignmentAction.Allow, status, GatewayState.ElapsedMs(started), inputHash,
            trace is null ? "{}" : AlignmentTraceJson.Serialize(trace, indented: false)).WithSelection(snapshot);

    /// <summary>Names the context and profile that decided (when the request chose one) in the answer's headers.</summary>
    internal static void SetSelectionHeaders(HttpContext http, PolicySnapshot snapshot)
    {
        var options = snapshot.Pipeline.Options;
        if (options.Profile is not null)
        {
            http.Response.Headers["x-alignlab-profile"] = options.Profile;
        }

        if (options.Context is not null)
        {
            http.Response.Headers["x-alignlab-context"] = options.Context;
        }
    }

    /// <summary>The one record of a request whose client went away (499), with what it was sent in the trace.</summary>
    internal static Task RecordCancelledAsync(HttpContext http, GatewayState state, PolicySnapshot snapshot, string auditId, string inputHash,
        long started, AlignmentTrace? trace, bool stream, int deliveredChunks, long deliveredChars)
    {
        var action = trace?.FinalAction ?? AlignmentAction.Allow;
        var record = Record(state, auditId, http, snapshot, action, StatusCodes.Status499ClientClosedRequest, started, inputHash, trace)
            with { Trace = RequestAudit.CancelledTrace(trace, stream, deliveredChunks, deliveredChars) };
        return RequestAudit.RecordCancelledAsync(http, state, record);
    }

    internal static async Task FailUpstreamAsync(HttpContext http, GatewayState state, PolicySnapshot snapshot, string auditId, string inputHash, long started, Exception ex)
    {
        await state.RecordBestEffortAsync(http, Record(state, auditId, http, snapshot, AlignmentAction.Allow, StatusCodes.Status502BadGateway, started, inputHash, null)).ConfigureAwait(false);
        await OpenAiErrors.WriteAsync(http, StatusCodes.Status502BadGateway, UpstreamMessage(ex), "upstream_error", "upstream_failed").ConfigureAwait(false);
    }

    internal static string UpstreamMessage(Exception ex) => ex is ModelProviderException
        ? "the upstream model failed: " + ex.Message
        : "the upstream model failed (" + ex.GetType().Name + ")";

    internal static string ErrorJson(string message, string code) =>
        JsonText.Write(JsonText.Compact, w => OpenAiErrors.Write(w, message, "server_error", code));

    internal static void WriteUsage(Utf8JsonWriter w, UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", input);
        w.WriteNumber("completion_tokens", output);
        w.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        w.WriteEndObject();
    }

    internal static void WriteAlignLab(Utf8JsonWriter w, string auditId, PolicySnapshot snapshot, AlignmentAction action)
    {
        w.WriteStartObject("alignlab");
        w.WriteString("audit_id", auditId);
        w.WriteString("arm", snapshot.Arm);
        w.WriteString("policy", snapshot.Constitution.Name);
        w.WriteString("policy_version", snapshot.Version);
        w.WriteString("action", action.ToName());
        if (snapshot.Pipeline.Options.Context is { } context)
        {
            w.WriteString("context", context);
        }

        if (snapshot.Pipeline.Options.Profile is { } profile)
        {
            w.WriteString("profile", profile);
        }

        w.WriteEndObject();
    }
}
