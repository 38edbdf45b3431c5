using AlignLab.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Tests.Telemetry;

/// <summary>
/// Issue 14 item 18: the request log (on by default) went through ASP.NET Core's HTTP logging middleware with an interceptor,
/// which built a field list, a state object and an interceptor context for every request. The gateway's own middleware writes
/// the same line through a source-generated message. Measured with a provider that takes the lines without formatting them,
/// so the bytes are the middleware's own.
/// </summary>
public sealed class RequestLogMiddlewareTests
{
    private const int Requests = 200;

    [Fact]
    public async Task With_its_category_off_a_request_passes_through_without_allocating()
    {
        using var loggers = LoggerFactory.Create(b =>
            b.AddProvider(new CountingProvider()).AddFilter(RequestLogMiddleware.Category, LogLevel.Warning));
        var middleware = new RequestLogMiddleware(_ => Task.CompletedTask, loggers);
        Assert.Equal(0, await AllocatedPerRequestAsync(middleware.InvokeAsync, NewContext(null)));
    }

    [Fact]
    public async Task A_logged_request_allocates_a_small_fraction_of_what_ASP_NET_Core_HTTP_logging_allocated()
    {
        var provider = new CountingProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider));
        var ours = await AllocatedPerRequestAsync(new RequestLogMiddleware(_ => Task.CompletedTask, loggers).InvokeAsync, NewContext(null));

        // The configuration the gateway had before (GatewayApplication at 2b18baa, without its interceptor, which added more).
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(provider))
            .AddHttpLogging(o =>
            {
                o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode
                    | HttpLoggingFields.Duration;
                o.CombineLogs = true;
            })
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseHttpLogging();
        app.Run(_ => Task.CompletedTask);
        var theirs = await AllocatedPerRequestAsync(app.Build().Invoke, NewContext(services));

        Assert.Equal(2 * (Requests + 1), provider.Lines);
        Assert.True(ours * 4 <= theirs, $"ours {ours} B per request, ASP.NET Core's HTTP logging {theirs} B");
        Assert.True(ours <= 128, $"ours {ours} B per request, ASP.NET Core's HTTP logging {theirs} B");
    }

    private static DefaultHttpContext NewContext(IServiceProvider? services)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/v1/moderations";
        if (services is not null)
        {
            http.RequestServices = services;
        }

        return http;
    }

    private static async Task<long> AllocatedPerRequestAsync(RequestDelegate pipeline, HttpContext http)
    {
        await pipeline(http); // first call: one-time setup
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++)
        {
            var pending = pipeline(http);
            Assert.True(pending.IsCompleted); // so every byte was allocated on this thread
            await pending;
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Requests;
    }

    private sealed class CountingProvider : ILoggerProvider, ILogger
    {
        private int _lines;

        public int Lines => Volatile.Read(ref _lines);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Increment(ref _lines);

        public void Dispose()
        {
        }
    }
}
