using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AlignLab.Server.Security;

/// <summary>
/// Refuses cross-site requests that change something (any method but GET, HEAD and OPTIONS), so a web page the
/// user visits cannot drive the gateway through the browser (CSRF), even a key-less loopback gateway:
/// <list type="bullet">
/// <item>an <c>Origin</c> header must be the gateway's own origin or one of <see cref="GatewayOptions.CorsOrigins"/>
/// (<c>Origin: null</c>, sent by sandboxed frames and some redirects, is refused);</item>
/// <item>without <c>Origin</c>, a browser's <c>Sec-Fetch-Site</c> must be <c>same-origin</c> or <c>none</c>;</item>
/// <item>on the API paths, the body must be JSON (or YAML for <c>/api/policies</c>, JSON Lines for
/// <c>/api/ratings/import</c>): the content types a page may send
/// without a CORS preflight (text/plain, forms) are refused with 415.</item>
/// </list>
/// Clients that are not browsers (SDKs, curl) send neither header and are unaffected apart from the content type.
/// </summary>
public sealed class CrossSiteRequestMiddleware
{
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    // JSON Lines for the rating queue's file import: not a type a page may send without a CORS preflight either.
    private static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl"];

    private readonly RequestDelegate _next;
    private readonly HashSet<string> _origins;
    private readonly bool _anyOrigin;

    public CrossSiteRequestMiddleware(RequestDelegate next, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _anyOrigin = options.CorsOrigins.Contains("*");
        _origins = new HashSet<string>(options.CorsOrigins.Where(o => o != "*").Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return _next(context);
        }

        if (CrossSiteReason(request) is { } reason)
        {
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"cross-site request refused: {reason} (add the page's origin to cors in the gateway file to allow it; docs/SECURITY.md)",
                "permission_error", "cross_site_request");
        }

        if (ApiKeyAuthenticationMiddleware.IsProtected(request.Path) && !HasAllowedContentType(request))
        {
            var yaml = request.Path.StartsWithSegments("/api/policies", StringComparison.OrdinalIgnoreCase);
            var lines = IsJsonLinesPath(request);
            var wanted = yaml ? "application/json or application/yaml" : lines ? "application/x-ndjson" : "application/json";
            return OpenAiErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"send the body as {wanted}, not '{Shorten(request.ContentType ?? "(none)")}'",
                "invalid_request_error", "unsupported_media_type");
        }

        return _next(context);
    }

    private string? CrossSiteReason(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            if (_anyOrigin && origin != "null")
            {
                return null;
            }

            return IsSameOrigin(request, origin) || _origins.Contains(origin.TrimEnd('/'))
                ? null
                : $"the page's origin '{Shorten(origin)}' is not this gateway's";
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none" ? null : $"the browser says the request is {Shorten(site)}";
    }

    private static bool IsSameOrigin(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !request.Host.HasValue)
        {
            return false;
        }

        var scheme = request.Scheme;
        var port = request.Host.Port ?? (scheme == "https" ? 443 : 80);
        var host = request.Host.Host.Trim('[', ']');
        return string.Equals(o.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.Host.Trim('[', ']'), host, StringComparison.OrdinalIgnoreCase)
            && o.Port == port;
    }

    private static bool HasAllowedContentType(HttpRequest request)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)))
        {
            return true; // no body
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media)
        {
            return false;
        }

        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (IsJsonLinesPath(request) && JsonLinesTypes.Contains(media, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return request.Path.StartsWithSegments("/api/policies", StringComparison.OrdinalIgnoreCase)
            && YamlTypes.Contains(media, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsJsonLinesPath(HttpRequest request) =>
        request.Path.Equals("/api/ratings/import", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
