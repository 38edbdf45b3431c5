using System.Collections.Frozen;
using System.Globalization;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Security;

/// <summary>
/// Requires a configured API key on the API paths (<c>/v1/*</c>, <c>/api/*</c>) and the scope the endpoint declares
/// (<see cref="RequiredScope"/>). The key comes as <c>Authorization: Bearer KEY</c> (what the OpenAI SDKs send) or
/// <c>X-Api-Key: KEY</c>; it is hashed and looked up, never stored or logged. Failed attempts are counted per client
/// address (<see cref="FailedAuthenticationThrottle"/>). Health, metrics and the dashboard's static pages are open.
/// Without keys (a loopback gateway, or <c>allow_anonymous</c>) every caller is anonymous and holds
/// <see cref="GatewayOptions.EffectiveAnonymousScopes"/>.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly FrozenDictionary<string, ApiKeyEntry> _byHash;
    private readonly FailedAuthenticationThrottle _throttle;
    private readonly ApiScopes _anonymousScopes;

    public ApiKeyAuthenticationMiddleware(RequestDelegate next, GatewayOptions options, FailedAuthenticationThrottle throttle)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _throttle = throttle ?? throw new ArgumentNullException(nameof(throttle));
        _byHash = options.ApiKeys.ToFrozenDictionary(k => k.Sha256.ToLowerInvariant(), StringComparer.Ordinal);
        _anonymousScopes = options.EffectiveAnonymousScopes;
    }

    /// <summary>Whether a path is protected.</summary>
    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsProtected(context.Request.Path))
        {
            return _next(context);
        }

        if (_byHash.Count == 0)
        {
            return Authorized(context, Caller.Anonymous, _anonymousScopes);
        }

        var address = context.Connection.RemoteIpAddress;
        if (_throttle.IsBlocked(address, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"too many failed authentication attempts from this address; retry after {seconds} s", "rate_limit_error", "authentication_throttled");
        }

        var key = ReadKey(context.Request);
        if (key is null)
        {
            _throttle.RecordFailure(address);
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "missing API key: send 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'", "invalid_request_error", "missing_api_key");
        }

        if (!_byHash.TryGetValue(ApiKeyHasher.Hash(key), out var entry))
        {
            _throttle.RecordFailure(address);
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "invalid API key", "invalid_request_error", "invalid_api_key");
        }

        return Authorized(context, new Caller(entry.Name, entry), entry.Scopes);
    }

    private Task Authorized(HttpContext context, Caller caller, ApiScopes held)
    {
        caller.AttachTo(context);
        var required = RequiredScope.Of(context);
        if (!ApiScopeNames.Allows(held, required))
        {
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"'{caller.Name}' may not use {context.Request.Method} {context.Request.Path}: it needs the {ApiScopeNames.Format(required)} scope "
                + $"(this caller has: {ApiScopeNames.Format(held)}; see docs/SECURITY.md)",
                "permission_error", "insufficient_scope");
        }

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
