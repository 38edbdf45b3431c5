using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AlignLab.Server.Api;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Dashboard;

/// <summary>Small helpers shared by the dashboard's JSON endpoints (errors use the gateway's OpenAI error shape).</summary>
internal static class DashboardHttp
{
    public static Task JsonAsync(HttpContext http, int status, Action<Utf8JsonWriter> write) => PolicyEndpoints.WriteJsonAsync(http, status, write);

    /// <summary>Writes <paramref name="value"/> as the response through its source-generated type info.</summary>
    public static Task JsonAsync<T>(HttpContext http, int status, T value, JsonTypeInfo<T> typeInfo) =>
        JsonResponse.WriteAsync(http.Response, status, value, typeInfo, http.RequestAborted);

    public static Task NotFoundAsync(HttpContext http, string message) =>
        OpenAiErrors.WriteAsync(http, StatusCodes.Status404NotFound, message, "invalid_request_error", "not_found");

    public static Task ConflictAsync(HttpContext http, string message) =>
        OpenAiErrors.WriteAsync(http, StatusCodes.Status409Conflict, message, "invalid_request_error", "conflict");

    public static Task UnavailableAsync(HttpContext http, string message, string code) =>
        OpenAiErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, message, "server_error", code);

    /// <summary>A required, non-blank string field of at most <paramref name="maxLength"/> characters.</summary>
    public static string RequiredText(JsonElement root, string name, int maxLength = 200_000)
    {
        var value = JsonBody.RequiredString(root, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RequestBodyException($"'{name}' must not be empty", name);
        }

        return value.Length <= maxLength ? value : throw new RequestBodyException($"'{name}' is longer than {maxLength:N0} characters", name);
    }

    /// <summary>An optional string field of at most <paramref name="maxLength"/> characters (blank is null).</summary>
    public static string? OptionalText(JsonElement root, string name, int maxLength = 200_000)
    {
        var value = JsonBody.OptionalString(root, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Length <= maxLength ? value : throw new RequestBodyException($"'{name}' is longer than {maxLength:N0} characters", name);
    }

    /// <summary>A query integer within bounds, or the fallback when absent.</summary>
    public static int QueryInt(HttpContext http, string name, int fallback, int min, int max)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new RequestBodyException($"query parameter '{name}' must be an integer from {min} to {max}", name);
    }
}
