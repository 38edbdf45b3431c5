using System.Collections.Frozen;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Security;

/// <summary>
/// Requires a configured API key on the API paths (<c>/v1/*</c>, <c>/api/*</c>). The key comes as
/// <c>Authorization: Bearer KEY</c> (what the OpenAI SDKs send) or <c>X-Api-Key: KEY</c>; it is hashed and
/// looked up, never stored or logged. Health, metrics and the dashboard's static pages are open.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly FrozenDictionary<string, ApiKeyEntry> _byHash;

    public ApiKeyAuthenticationMiddleware(RequestDelegate next, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _byHash = options.ApiKeys.ToFrozenDictionary(k => k.Sha256.ToLowerInvariant(), StringComparer.Ordinal);
    }

    /// <summary>Whether a path is protected.</summary>
    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_byHash.Count == 0 || !IsProtected(context.Request.Path))
        {
            return _next(context);
        }

        var key = ReadKey(context.Request);
        if (key is null)
        {
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "missing API key: send 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'", "invalid_request_error", "missing_api_key");
        }

        if (!_byHash.TryGetValue(ApiKeyHasher.Hash(key), out var entry))
        {
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid API key", "invalid_request_error", "invalid_api_key");
        }

        new Caller(entry.Name, entry).AttachTo(context);
        return _next(context);
    }

    private static string? ReadKey(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var key = auth["Bearer ".Length..].Trim();
            return key.Length > 0 ? key : null;
        }

        var header = request.Headers["X-Api-Key"].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}
