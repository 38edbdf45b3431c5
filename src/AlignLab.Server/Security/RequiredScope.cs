using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Security;

/// <summary>Endpoint metadata: the scope a caller needs for this endpoint (checked by <see cref="ApiKeyAuthenticationMiddleware"/>).</summary>
/// <param name="Scope">The scope required.</param>
public sealed record RequiredScope(ApiScopes Scope)
{
    /// <summary>The scope required by the request's endpoint: <see cref="ApiScopes.Admin"/> for an endpoint that declares
    /// none, so that a route added without a scope is closed rather than open; <see cref="ApiScopes.None"/> when no
    /// endpoint matched (the request ends in 404 or 405 either way).</summary>
    public static ApiScopes Of(HttpContext context) => context?.GetEndpoint() is { } endpoint
        ? endpoint.Metadata.GetMetadata<RequiredScope>()?.Scope ?? ApiScopes.Admin
        : ApiScopes.None;
}
