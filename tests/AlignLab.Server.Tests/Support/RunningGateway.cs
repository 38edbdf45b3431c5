using System.Net.Http.Headers;
using AlignLab.Server.Hosting;
using AlignLab.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Tests.Support;

/// <summary>
/// A real gateway on a free loopback port (Kestrel, not a test server), with its audit database in a temp dir.
/// By default it has one API key, <see cref="Key"/>, with a generous rate limit and every scope.
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    /// <summary>The API key configured by default.</summary>
    public const string Key = "test-key-0123456789";

    private readonly TempDir _dir;

    private RunningGateway(WebApplication app, GatewayOptions options, TempDir dir, Uri baseAddress)
    {
        App = app;
        Options = options;
        _dir = dir;
        BaseAddress = baseAddress;
        State = app.Services.GetRequiredService<GatewayState>();
    }

    public WebApplication App { get; }

    public GatewayOptions Options { get; }

    public GatewayState State { get; }

    public Uri BaseAddress { get; }

    /// <summary>The directory holding the audit and review databases.</summary>
    public string Directory => _dir.Path;

    /// <summary>Starts a gateway; <paramref name="configure"/> adjusts the options first (keys, upstream, policies…).</summary>
    /// <param name="configure">Adjusts the options.</param>
    /// <param name="defaultKey">Whether <see cref="Key"/> is configured.</param>
    /// <param name="services">Test services added to the builder before the gateway's own (e.g. a handler factory).</param>
    public static async Task<RunningGateway> StartAsync(
        Action<GatewayOptions>? configure = null, bool defaultKey = true, Action<IServiceCollection>? services = null)
    {
        var dir = new TempDir();
        var options = new GatewayOptions { AuditDatabasePath = Path.Combine(dir.Path, "audit.db") };
        options.Urls.Clear();
        options.Urls.Add("http://127.0.0.1:0");
        if (defaultKey)
        {
            options.ApiKeys.Add(new ApiKeyEntry("tests", ApiKeyHasher.Hash(Key), 10_000, 10_000, ApiScopes.All));
        }

        configure?.Invoke(options);
        var app = await GatewayApplication.BuildAsync(options, b =>
        {
            b.Logging.ClearProviders();
            services?.Invoke(b.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningGateway(app, options, dir, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>An HTTP client for the gateway, sending <paramref name="key"/> (the default key unless null is passed explicitly via <paramref name="anonymous"/>).</summary>
    public HttpClient CreateClient(string? key = Key, bool anonymous = false)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (!anonymous && key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
