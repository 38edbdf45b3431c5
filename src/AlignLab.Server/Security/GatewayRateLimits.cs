using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using AlignLab.Server.Hosting;
using AlignLab.Server.OpenAi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace AlignLab.Server.Security;

/// <summary>Per-key token buckets (per client address for anonymous callers); rejections get 429 with Retry-After.</summary>
public static class GatewayRateLimits
{
    /// <summary>Configures the limiter: one token bucket per key, sized by the key's rate and burst.</summary>
    public static void Configure(RateLimiterOptions limiter, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(options);
        // One partition (key and factory) per API key, made once: building them per request cost a string and a closure.
        var keyPartitions = new ConcurrentDictionary<ApiKeyEntry, RateLimitPartition<string>>();
        var anonymous = Bucket(options.AnonymousRequestsPerSecond, Math.Max(1, (int)Math.Ceiling(options.AnonymousRequestsPerSecond * 2)));
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!ApiKeyAuthenticationMiddleware.IsProtected(context.Request.Path))
            {
                return RateLimitPartition.GetNoLimiter("open");
            }

            var caller = Caller.Of(context);
            if (caller.Entry is { } entry)
            {
                return keyPartitions.GetOrAdd(entry, static e =>
                    RateLimitPartition.GetTokenBucketLimiter("key:" + e.Name, _ => Bucket(e.RequestsPerSecond, e.Burst)));
            }

            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetTokenBucketLimiter("ip:" + address, _ => anonymous);
        });
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (ctx, cancellationToken) =>
        {
            var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(OpenAiErrors.WriteAsync(ctx.HttpContext, StatusCodes.Status429TooManyRequests,
                $"rate limit exceeded for '{Caller.Of(ctx.HttpContext).Name}'; retry after {seconds} s", "rate_limit_error", "rate_limit_exceeded"));
        };
    }

    /// <summary>A token bucket refilled smoothly to <paramref name="perSecond"/> with room for <paramref name="burst"/>.</summary>
    public static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst)
    {
        // Refill every 100 ms when the rate allows whole tokens that often; slower rates refill one token at a time.
        var (period, tokens) = perSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), (int)Math.Round(perSecond / 10))
            : (TimeSpan.FromSeconds(1 / perSecond), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, tokens),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
