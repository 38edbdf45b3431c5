using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server.Security;

/// <summary>
/// Answers only requests whose <c>Host</c> header names this gateway, which defeats DNS rebinding: a page on an
/// attacker's name that is re-pointed at 127.0.0.1 still sends its own name as the Host. Allowed: IP literals (a
/// rebinding page cannot send one), <c>localhost</c> and <c>*.localhost</c>, the names the gateway listens on, and
/// <see cref="GatewayOptions.AllowedHosts"/> (exact names or <c>*.example.com</c>; <c>*</c> turns the check off).
/// </summary>
public sealed class AllowedHostsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly HostAllowList _allowed;

    public AllowedHostsMiddleware(RequestDelegate next, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _allowed = HostAllowList.From(options);
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Host;
        if (!host.HasValue || _allowed.Allows(host.Host))
        {
            return _next(context);
        }

        return OpenAiErrors.WriteAsync(context, StatusCodes.Status421MisdirectedRequest,
            $"this gateway does not serve the host '{Shorten(host.Host)}'; add it to allowed_hosts in the gateway file (docs/SECURITY.md)",
            "invalid_request_error", "host_not_allowed");
    }

    private static string Shorten(string host) => host.Length <= 100 ? host : host[..100] + "…";
}
