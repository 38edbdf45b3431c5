using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AlignLab.IO;
using AlignLab.Runtime.Review;
using AlignLab.Server.Audit;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Dashboard;

/// <summary>
/// <c>GET /api/review</c> (items of the review queue, pending by default) and <c>POST /api/review/{id}/decision</c>
/// (approve or reject with a note; the decision is stored in the queue with the caller's key name as reviewer).
/// </summary>
internal static class ReviewEndpoints
{
    private const int MaxNoteChars = 4_000;

    /// <summary>Query: <c>status</c> (pending, approved, rejected or all; default pending), <c>limit</c> (1–1000, default 200).</summary>
    public static async Task ListAsync(HttpContext http, IReviewQueue queue)
    {
        var statusText = http.Request.Query["status"].ToString();
        ReviewStatus? status = statusText switch
        {
            "" or "pending" => ReviewStatus.Pending,
            "approved" => ReviewStatus.Approved,
            "rejected" => ReviewStatus.Rejected,
            "all" => null,
            _ => throw new RequestBodyException($"query parameter 'status' must be pending, approved, rejected or all (not '{statusText}')", "status"),
        };
        var limit = DashboardHttp.QueryInt(http, "limit", 200, 1, 1000);
        var items = await queue.ListAsync(status, limit, http.RequestAborted).ConfigureAwait(false);
        var pending = await queue.CountAsync(ReviewStatus.Pending, http.RequestAborted).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("pending", pending);
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                Write(w, item);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Body: <c>{"verdict": "approve"|"reject", "note"?}</c>. 404 for an unknown id, 409 when already decided.</summary>
    public static async Task DecideAsync(HttpContext http, IReviewQueue queue, string id, GatewayState state)
    {
        var started = Stopwatch.GetTimestamp();
        var ct = http.RequestAborted;
        string verdictText;
        string? note;
        using (var doc = await RequestBodyException.ParseAsync(http.Request, ct).ConfigureAwait(false))
        {
            verdictText = DashboardHttp.RequiredText(doc.RootElement, "verdict", 16);
            note = DashboardHttp.OptionalText(doc.RootElement, "note", MaxNoteChars);
        }

        var verdict = verdictText switch
        {
            "approve" or "approved" => ReviewVerdict.Approved,
            "reject" or "rejected" => ReviewVerdict.Rejected,
            _ => throw new RequestBodyException($"'verdict' must be approve or reject (not '{verdictText}')", "verdict"),
        };

        ReviewItem decided;
        try
        {
            decided = await queue.DecideAsync(id, verdict, Caller.Of(http).Name, note, ct).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            await DashboardHttp.NotFoundAsync(http, $"no review item '{id}'").ConfigureAwait(false);
            return;
        }
        catch (ReviewAlreadyDecidedException ex)
        {
            await DashboardHttp.ConflictAsync(http, ex.Message).ConfigureAwait(false);
            return;
        }

        (http.RequestServices.GetService(typeof(Operations.PolicyOperations)) as Operations.PolicyOperations)?.Monitor
            .ObserveReview(decided.CreatedAt, overturned: verdict == ReviewVerdict.Approved);
        var action = verdict == ReviewVerdict.Approved ? "approve" : "reject";
        await StateChangeAudit.RecordAsync(http, state, "review.decision", action, StatusCodes.Status200OK, started,
            new StateChange("review_decision", "applied", id, null, null, action)).ConfigureAwait(false);
        await DashboardHttp.JsonAsync(http, StatusCodes.Status200OK, w => Write(w, decided)).ConfigureAwait(false);
    }

    private static void Write(Utf8JsonWriter w, ReviewItem item)
    {
        w.WriteStartObject();
        w.WriteString("id", item.Id);
        w.WriteString("status", item.Status.ToString().ToLowerInvariant());
        w.WriteString("created_at", item.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        if (item.DecidedAt is { } decidedAt)
        {
            w.WriteString("decided_at", decidedAt.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("decided_at");
        }

        w.WriteStringOrNull("reviewer", item.Reviewer);
        w.WriteStringOrNull("note", item.Note);
        w.WriteString("reason", item.Reason);
        w.WriteString("prompt", item.Prompt);
        w.WriteStringOrNull("response", item.Response);
        w.WriteString("policy", item.PolicyName);
        w.WriteNumber("score", item.Score);
        w.WriteStartArray("categories");
        foreach (var c in item.Categories)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteString("trace_json", item.TraceJson);
        w.WriteEndObject();
    }
}
