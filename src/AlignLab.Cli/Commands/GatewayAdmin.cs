using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Sends one admin request to a running gateway (<c>--gateway URL</c>, the key from the environment variable
/// <c>--api-key-env</c> names) and reads the outcome the operations endpoints answer.
/// </summary>
internal static class GatewayAdmin
{
    public const string DefaultKeyVariable = "ALIGNLAB_API_KEY";

    /// <summary>The answer: HTTP status (0: no answer), message, serving version.</summary>
    public sealed record Answer(int Status, string Message, string? ServingVersion, IReadOnlyList<string> Diagnostics);

    public static async Task<Answer> PostAsync(string gateway, string keyVariable, string path, object body, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(gateway.EndsWith('/') ? gateway : gateway + "/", UriKind.Absolute, out var baseUri)
            || baseUri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--gateway '{gateway}' is not an http(s) URL");
        }

        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        if (Environment.GetEnvironmentVariable(keyVariable) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var content = new StringContent(JsonSerializer.Serialize(body, GatewayAdminJsonContext.Default.DictionaryStringObject), Encoding.UTF8,
            "application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new Answer(0, $"{baseUri}: the gateway cannot be reached ({e.Message}); nothing was changed", null, []);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                var message = root.TryGetProperty("message", out var m) ? m.GetString()
                    : root.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var em) ? em.GetString() : null;
                var serving = root.TryGetProperty("serving_version", out var s) ? s.GetString() : null;
                var diagnostics = root.TryGetProperty("diagnostics", out var d) && d.ValueKind == JsonValueKind.Array
                    ? d.EnumerateArray().Select(x => x.ToString()).ToList()
                    : [];
                return new Answer((int)response.StatusCode, message ?? $"HTTP {(int)response.StatusCode}", serving, diagnostics);
            }
            catch (JsonException)
            {
                return new Answer((int)response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, []);
            }
        }
    }

    /// <summary>
    /// The exit code for an answer: 0 done; 2 for a request that was wrong (unknown version or arm, bad key); 69 when the
    /// gateway or its store cannot be reached; 1 when it refused (a reload in flight, a version that no longer loads).
    /// </summary>
    public static int ExitCode(Answer answer) => answer.Status switch
    {
        200 => ExitCodes.Ok,
        0 => ExitCodes.Unavailable,
        401 or 403 => ExitCodes.UsageError,
        400 or 404 => ExitCodes.UsageError,
        503 => ExitCodes.Unavailable,
        _ => ExitCodes.Failed,
    };
}
