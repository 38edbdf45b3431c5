using System.Globalization;
using System.Net;
using System.Text.Json;
using AlignLab.Providers.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AlignLab.Providers.Resilience;

/// <summary>
/// Sits between a provider SDK and the network: a timeout per attempt, retries with exponential back-off and jitter on
/// 5xx, 408, 429, connection errors and attempt timeouts (honouring <c>Retry-After</c>), an overall bound, and a per-read
/// idle timeout on the response body. Whatever still fails becomes a <see cref="ModelProviderException"/>; caller
/// cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed partial class ResilientHttpHandler : DelegatingHandler
{
    private const int ErrorSnippetLength = 300;

    private readonly ProviderTarget _target;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilientHttpHandler(ProviderTarget target, TimeSpan retryBaseDelay, TimeSpan maxRetryDelay, TimeProvider timeProvider, ILogger logger, HttpMessageHandler inner)
        : base(inner)
    {
        _target = target;
        _timeProvider = timeProvider;
        _logger = logger;
        var spec = target.Spec;
        TotalBudget = (spec.Timeout * (spec.MaxRetries + 1)) + (maxRetryDelay * spec.MaxRetries) + TimeSpan.FromSeconds(1);

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(TotalBudget);
        if (spec.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = spec.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retryBaseDelay,
                MaxDelay = maxRetryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxRetryDelay)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? Describe(e) : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    LogRetry(_logger, _target.Display, args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(spec.Timeout);
        _pipeline = builder.Build();
    }

    /// <summary>The longest one request may take, all attempts and delays included.</summary>
    public TimeSpan TotalBudget { get; }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Retries send the same message again: make the body replayable.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    Interlocked.Increment(ref attempts);
                    return await base.SendAsync(request, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            LogFailure(_logger, _target.Display, attempts, "timed out");
            throw _target.Error($"timed out after {Plural(attempts, "attempt")} ({Seconds(_target.Spec.Timeout)} per attempt)", null, attempts, e);
        }
        catch (HttpRequestException e)
        {
            LogFailure(_logger, _target.Display, attempts, Describe(e));
            var what = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                ? "could not be reached"
                : "failed";
            throw _target.Error($"{what} after {Plural(attempts, "attempt")}: {Describe(e)}", e.StatusCode, attempts, e);
        }
        catch (OperationCanceledException e)
        {
            LogFailure(_logger, _target.Display, attempts, "cancelled");
            throw _target.Error($"did not answer after {Plural(attempts, "attempt")} (the request was cancelled below AlignLab)", null, attempts, e);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var snippet = await ReadSnippetAsync(response, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                LogFailure(_logger, _target.Display, attempts, $"HTTP {status}");
                throw _target.Error(
                    $"returned HTTP {status} after {Plural(attempts, "attempt")}" + (snippet.Length == 0 ? "" : $": {snippet}"),
                    response.StatusCode,
                    attempts);
            }
        }

        if (response.Content is not null)
        {
            response.Content = new IdleTimeoutContent(response.Content, _target, _target.Spec.Timeout, _timeProvider, attempts);
        }

        return response;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.RequestTimeout || status == HttpStatusCode.TooManyRequests;

    private TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - _timeProvider.GetUtcNow() : TimeSpan.Zero);
        return delay <= TimeSpan.Zero ? null : (delay > cap ? cap : delay);
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            text = (ErrorMessageOf(text) ?? text).ReplaceLineEndings(" ").Trim();
            return text.Length <= ErrorSnippetLength ? text : text[..ErrorSnippetLength] + "…";
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    /// <summary>The human-readable message inside an OpenAI (<c>error.message</c>), Anthropic (<c>error.message</c>) or Ollama (<c>error</c>) error body.</summary>
    internal static string? ErrorMessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error))
            {
                return null;
            }

            return error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException => "attempt timed out",
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h => $"{h.HttpRequestError} ({h.Message})",
        _ => e.Message,
    };

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 1
        ? ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
        : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Target}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string target, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Target}: gave up after {Attempts} attempt(s): {Reason}")]
    private static partial void LogFailure(ILogger logger, string target, int attempts, string reason);
}
