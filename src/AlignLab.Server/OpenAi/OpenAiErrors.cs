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

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var json = JsonText.Write(JsonText.Compact, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteStringOrNull("code", code);
            w.WriteStringOrNull("param", param);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a 400 for a malformed request body.</summary>
    public static Task BadRequestAsync(HttpContext context, string message, string? param = null) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request", param);
}
