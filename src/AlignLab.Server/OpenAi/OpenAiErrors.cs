using System.Text.Json;
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

        await Hosting.JsonResponse.WriteAsync(context.Response, status, Body(message, type, code, param), OpenAiJsonContext.Default.OpenAiErrorResponse, context.RequestAborted)
            .ConfigureAwait(false);
    }

    /// <summary>Writes the error document <c>{"error": {"message", "type", "code", "param"}}</c> (also sent as an SSE event when a stream fails).</summary>
    public static void Write(Utf8JsonWriter w, string message, string type, string? code, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        JsonSerializer.Serialize(w, Body(message, type, code, param), OpenAiJsonContext.Default.OpenAiErrorResponse);
    }

    /// <summary>Writes a 400 for a malformed request body.</summary>
    public static Task BadRequestAsync(HttpContext context, string message, string? param = null) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request", param);

    private static OpenAiErrorResponse Body(string message, string type, string? code, string? param) => new(new OpenAiError(message, type, code, param));
}
