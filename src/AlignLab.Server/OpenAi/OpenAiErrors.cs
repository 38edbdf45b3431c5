using System.Text.Json;
using AlignLab.IO;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.OpenAi;

/// <summary>Errors in the OpenAI shape (<c>{"error": {"message", "type", "code", "param"}}</c>), so SDKs surface them.</summary>
public static class OpenAiErrors
{
    /// <summary>Writes an error response (unless the response has started).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? code = null, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        await Hosting.JsonResponse.WriteAsync(context.Response, status, w => Write(w, message, type, code, param), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes the error document <c>{"error": {"message", "type", "code", "param"}}</c> (also sent as an SSE event when a stream fails).</summary>
    public static void Write(Utf8JsonWriter w, string message, string type, string? code, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteStringOrNull("code", code);
        w.WriteStringOrNull("param", param);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes a 400 for a malformed request body.</summary>
    public static Task BadRequestAsync(HttpContext context, string message, string? param = null) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request", param);
}
