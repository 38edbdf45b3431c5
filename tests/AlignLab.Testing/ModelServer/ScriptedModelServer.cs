using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AlignLab.Testing.ModelServer;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (random free port) that answers chat requests in the OpenAI, Ollama and Anthropic
/// wire protocols from a script, so the official client SDKs can be tested end to end over loopback HTTP.
/// Every request is recorded. Change <see cref="Script"/> at any time to change what later requests get.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private static readonly OpenAIWireFormat OpenAIFormat = new();
    private static readonly OllamaWireFormat OllamaFormat = new();
    private static readonly AnthropicWireFormat AnthropicFormat = new();

    private readonly List<ScriptedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _timeProvider;
    private WebApplication? _app;
    private volatile Func<ScriptedRequest, ScriptedReply> _script;
    private int _disposed;

    private ScriptedModelServer(Func<ScriptedRequest, ScriptedReply> script, TimeProvider timeProvider)
    {
        _script = script;
        _timeProvider = timeProvider;
    }

    /// <summary>Decides the reply to each chat request; may be replaced while the server runs.</summary>
    public Func<ScriptedRequest, ScriptedReply> Script
    {
        get => _script;
        set => _script = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Base URL for OpenAI-compatible clients: <c>…/v1</c>.</summary>
    public Uri OpenAIBaseUrl => new(BaseAddress, "/v1");

    /// <summary>Base URL for Ollama clients (the server root).</summary>
    public Uri OllamaBaseUrl => BaseAddress;

    /// <summary>Base URL for Anthropic clients (the server root; the SDK appends <c>/v1/messages</c>).</summary>
    public Uri AnthropicBaseUrl => BaseAddress;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many requests (of any route) have arrived.</summary>
    public int RequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>How many chat requests (OpenAI, Ollama or Anthropic chat routes) have arrived.</summary>
    public int ChatRequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count(r => r.Protocol != ScriptedProtocol.Other);
            }
        }
    }

    /// <summary>Starts a server that answers with <paramref name="script"/>.</summary>
    public static Task<ScriptedModelServer> StartAsync(Func<ScriptedRequest, ScriptedReply> script, CancellationToken cancellationToken = default) =>
        StartAsync(script, TimeProvider.System, cancellationToken);

    /// <summary>Starts a server that answers every chat request with <paramref name="reply"/>.</summary>
    public static Task<ScriptedModelServer> StartAsync(ScriptedReply reply, CancellationToken cancellationToken = default) =>
        StartAsync(_ => reply, TimeProvider.System, cancellationToken);

    /// <summary>Starts a server that answers with <paramref name="script"/>, stamping answers with <paramref name="timeProvider"/>.</summary>
    public static async Task<ScriptedModelServer> StartAsync(Func<ScriptedRequest, ScriptedReply> script, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var server = new ScriptedModelServer(script, timeProvider);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.AllowSynchronousIO = false);
        var app = builder.Build();
        app.Run(server.HandleAsync);
        server._app = app;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/'));
        return server;
    }

    /// <summary>A script that answers the n-th chat request with the n-th reply, and every later one with the last reply.</summary>
    public static Func<ScriptedRequest, ScriptedReply> Sequence(params ScriptedReply[] replies)
    {
        if (replies.Length == 0)
        {
            throw new ArgumentException("at least one reply is needed", nameof(replies));
        }

        var next = -1;
        return _ => replies[Math.Min(Interlocked.Increment(ref next), replies.Length - 1)];
    }

    /// <summary>Stops the server; hanging and delayed requests are aborted rather than waited for.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections that did not close in time are dropped by DisposeAsync.
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        var protocol = (method, path) switch
        {
            ("POST", "/v1/chat/completions") => ScriptedProtocol.OpenAI,
            ("POST", "/api/chat") => ScriptedProtocol.Ollama,
            ("POST", "/v1/messages") => ScriptedProtocol.Anthropic,
            _ => ScriptedProtocol.Other,
        };

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var request = RequestParser.Parse(
            protocol,
            method,
            path,
            body,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
            context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key : null);
        request = request with
        {
            Headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        };
        lock (_gate)
        {
            _requests.Add(request);
        }

        if (protocol == ScriptedProtocol.Other)
        {
            await AnswerOtherAsync(context, method, path).ConfigureAwait(false);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        WireFormat format = protocol switch
        {
            ScriptedProtocol.OpenAI => OpenAIFormat,
            ScriptedProtocol.Ollama => OllamaFormat,
            _ => AnthropicFormat,
        };

        try
        {
            var reply = _script(request);
            await ReplyAsync(context, format, request, reply, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private async Task ReplyAsync(HttpContext context, WireFormat format, ScriptedRequest request, ScriptedReply reply, CancellationToken ct)
    {
        var response = context.Response;
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, _timeProvider, ct).ConfigureAwait(false);
        }

        switch (reply.Fault)
        {
            case ScriptedFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, ct).ConfigureAwait(false);
                return;
            case ScriptedFault.HttpError:
                response.StatusCode = reply.StatusCode;
                if (reply.RetryAfterSeconds is { } seconds)
                {
                    response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                response.ContentType = "application/json";
                await response.WriteAsync(format.ErrorBody(reply.StatusCode, reply.ErrorMessage ?? $"scripted failure (HTTP {reply.StatusCode})"), ct).ConfigureAwait(false);
                return;
        }

        var now = _timeProvider.GetUtcNow();
        if (!request.Stream)
        {
            var full = format.CompleteBody(request, reply, now);
            response.ContentType = "application/json";
            switch (reply.Fault)
            {
                case ScriptedFault.InvalidJson:
                    await response.WriteAsync(full[..(full.Length / 2)] + "<<not json", ct).ConfigureAwait(false);
                    return;
                case ScriptedFault.TruncatedStream:
                    var bytes = Encoding.UTF8.GetBytes(full);
                    response.ContentLength = bytes.Length;
                    await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ct).ConfigureAwait(false);
                    await response.Body.FlushAsync(ct).ConfigureAwait(false);
                    await AbortAfterDrainAsync(context, ct).ConfigureAwait(false);
                    return;
                case ScriptedFault.StreamEndsWithoutFinish:
                    await response.WriteAsync(full[..(full.Length / 2)], ct).ConfigureAwait(false);
                    return;
                default:
                    await response.WriteAsync(full, ct).ConfigureAwait(false);
                    return;
            }
        }

        response.ContentType = format.StreamContentType;
        response.Headers.CacheControl = "no-cache";
        foreach (var frame in format.StreamStart(request, reply, now))
        {
            await response.WriteAsync(frame, ct).ConfigureAwait(false);
        }

        await response.Body.FlushAsync(ct).ConfigureAwait(false);
        var cut = reply.Fault is ScriptedFault.TruncatedStream or ScriptedFault.StreamEndsWithoutFinish
            ? reply.ChunksBeforeTruncation ?? Math.Max(1, reply.TokenList.Count / 2)
            : int.MaxValue;
        for (var i = 0; i < reply.TokenList.Count; i++)
        {
            if (i >= cut)
            {
                break;
            }

            if (i > 0 && reply.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.ChunkDelay, _timeProvider, ct).ConfigureAwait(false);
            }

            if (reply.Fault == ScriptedFault.InvalidJson && i == Math.Max(0, reply.TokenList.Count / 2))
            {
                await response.WriteAsync(format.InvalidFrame, ct).ConfigureAwait(false);
            }

            await response.WriteAsync(format.StreamToken(request, reply.TokenList[i], now), ct).ConfigureAwait(false);
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
        }

        switch (reply.Fault)
        {
            case ScriptedFault.TruncatedStream:
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
                await AbortAfterDrainAsync(context, ct).ConfigureAwait(false);
                return;
            case ScriptedFault.StreamEndsWithoutFinish:
                return;
        }

        if (reply.Fault == ScriptedFault.InvalidJson && reply.TokenList.Count == 0)
        {
            await response.WriteAsync(format.InvalidFrame, ct).ConfigureAwait(false);
        }

        foreach (var frame in format.StreamEnd(request, reply, now))
        {
            await response.WriteAsync(frame, ct).ConfigureAwait(false);
        }

        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Aborts the connection mid-response. The short pause first lets the client read what was already sent: an
    /// immediate reset can make the peer discard unread bytes, which would look like a failure before the headers.
    /// </summary>
    private async Task AbortAfterDrainAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, ct).ConfigureAwait(false);
        context.Abort();
    }

    private static async Task AnswerOtherAsync(HttpContext context, string method, string path)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        switch (method, path)
        {
            case ("GET", "/v1/models"):
                await response.WriteAsync("{\"object\":\"list\",\"data\":[{\"id\":\"scripted-model\",\"object\":\"model\",\"created\":0,\"owned_by\":\"scripted\"}]}").ConfigureAwait(false);
                return;
            case ("GET", "/api/tags"):
                await response.WriteAsync("{\"models\":[{\"name\":\"scripted-model:latest\",\"model\":\"scripted-model:latest\",\"modified_at\":\"2025-01-01T00:00:00Z\",\"size\":1,\"digest\":\"0\",\"details\":{}}]}").ConfigureAwait(false);
                return;
            case ("GET", "/api/version"):
                await response.WriteAsync("{\"version\":\"0.12.0\"}").ConfigureAwait(false);
                return;
            case ("GET", "/" or "/api"):
                response.ContentType = "text/plain";
                await response.WriteAsync("Ollama is running").ConfigureAwait(false);
                return;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                await response.WriteAsync($"{{\"error\":\"no scripted route for {method} {path}\"}}").ConfigureAwait(false);
                return;
        }
    }
}
