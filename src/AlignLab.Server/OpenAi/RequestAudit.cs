using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.IO;
using AlignLab.Runtime.Pipeline;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.OpenAi;

/// <summary>
/// Audit writes of the OpenAI endpoints that must happen even when the client has gone away: a request that reached
/// its handler leaves exactly one record, so none of them waits on <see cref="HttpContext.RequestAborted"/>. Each write
/// is bounded by the gateway's audit commit timeout instead (<see cref="GatewayState.RecordAsync"/> applies it).
/// </summary>
internal static class RequestAudit
{
    /// <summary>
    /// Commits <paramref name="record"/> of an answer about to be sent; answers 503 in the OpenAI shape (when it still can)
    /// and returns false when the record could not be committed.
    /// </summary>
    public static async Task<bool> TryRecordAsync(HttpContext http, GatewayState state, AuditRecord record, bool blocked)
    {
        try
        {
            await state.RecordAsync(http, record, blocked, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is AuditLogException or TimeoutException)
        {
            await OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ex.Message, "server_error", "audit_unavailable")
                .ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Commits the record of a request its client cancelled (status 499) if the store can. It is not counted in the
    /// arm's A/B statistics: a client going away says nothing about the policy.
    /// </summary>
    public static Task RecordCancelledAsync(HttpContext http, GatewayState state, AuditRecord record) =>
        state.RecordBestEffortAsync(http, record, armStatistics: false);

    /// <summary>
    /// The trace of a cancelled chat: the alignment trace so far (when there is one) plus a <c>cancelled</c> object saying
    /// whether it was streamed, how many chunks and content characters reached the client, and the action so far.
    /// </summary>
    public static string CancelledTrace(AlignmentTrace? trace, bool stream, int deliveredChunks, long deliveredChars)
    {
        return JsonText.Write(JsonText.Compact, w =>
        {
            w.WriteStartObject();
            if (trace is not null)
            {
                using var doc = JsonDocument.Parse(AlignmentTraceJson.Serialize(trace, indented: false));
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    property.WriteTo(w);
                }
            }

            w.WriteStartObject("cancelled");
            w.WriteString("reason", "client_disconnected");
            w.WriteBoolean("stream", stream);
            w.WriteNumber("delivered_chunks", deliveredChunks);
            w.WriteNumber("delivered_chars", deliveredChars);
            w.WriteString("action_so_far", (trace?.FinalAction ?? AlignmentAction.Allow).ToName());
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
