using System.ClientModel;
using System.Collections.Concurrent;
using System.ClientModel.Primitives;
using AlignLab.Models;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Resilience;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace AlignLab.Providers.Clients;

/// <summary>
/// Builds a Microsoft.Extensions.AI <see cref="IChatClient"/> for a <see cref="ModelSpec"/> over the official SDKs
/// (OpenAI and OpenAI-compatible servers, Ollama, Anthropic). Every client gets a per-attempt timeout, retries with
/// back-off, spec-level temperature/max-token defaults, and <see cref="ModelProviderException"/> for upstream failures.
/// API keys come only from the environment variable the spec names. Dispose the returned client to release its HTTP resources.
/// </summary>
public static class ChatClientFactory
{
    /// <summary>OpenAI's public API.</summary>
    public static readonly Uri DefaultOpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>Anthropic's public API.</summary>
    public static readonly Uri DefaultAnthropicEndpoint = new("https://api.anthropic.com");

    /// <summary>A local Ollama.</summary>
    public static readonly Uri DefaultOllamaEndpoint = new("http://localhost:11434");

    /// <summary>Key sent to keyless OpenAI-compatible or Anthropic-compatible servers (the SDKs insist on one).</summary>
    internal const string PlaceholderKey = "no-key";

    private const int AnthropicDefaultMaxTokens = 1024;

    // Providers that live in their own package (llama: needs a native backend the core should not carry).
    private static readonly ConcurrentDictionary<string, Func<ModelSpec, ProviderOptions, IChatClient>> s_packaged = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes <paramref name="provider"/> specs (e.g. <c>llama</c>) creatable here; called once at startup by the package that
    /// implements it (<c>LlamaProvider.Register()</c>). The client <paramref name="create"/> returns is owned by the caller of
    /// <see cref="Create(ModelSpec, ProviderOptions?)"/>; spec-level temperature and max-token defaults are applied around it.
    /// </summary>
    public static void Register(string provider, Func<ModelSpec, ProviderOptions, IChatClient> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(create);
        s_packaged[provider] = create;
    }

    /// <summary>Creates a chat client for <paramref name="spec"/>.</summary>
    /// <exception cref="ModelProviderException">The API key variable is required but unset, or a local model (llama:) cannot be opened.</exception>
    public static IChatClient Create(ModelSpec spec, ProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= ProviderOptions.Default;
        if (s_packaged.TryGetValue(spec.Provider, out var packaged))
        {
            return new SpecDefaultsChatClient(packaged(spec, options), spec);
        }

        if (spec.Provider == ModelSpec.Llama)
        {
            throw new ModelProviderException(spec.Provider, spec.Model, null,
                $"{spec}: local GGUF models need the AlignLab.Providers.Llama package (reference it and call LlamaProvider.Register() at startup)");
        }

        if (spec.Provider == ModelSpec.Torch)
        {
            throw new ModelProviderException(spec.Provider, spec.Model, null,
                $"{spec}: checkpoint folders need the AlignLab.Training package (reference it and call TorchProvider.Register() at startup)");
        }

        var endpoint = spec.Endpoint ?? spec.Provider switch
        {
            "openai" => DefaultOpenAIEndpoint,
            "anthropic" => DefaultAnthropicEndpoint,
            "ollama" => DefaultOllamaEndpoint,
            _ => throw new ArgumentException($"unknown model provider '{spec.Provider}'", nameof(spec)),
        };

        var key = ResolveKey(spec, endpoint, options);
        var target = new ProviderTarget(spec, endpoint, key);
        var logger = options.LoggerFactory.CreateLogger("AlignLab.Providers");
        var network = options.HttpMessageHandlerFactory?.Invoke() ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        var handler = new ResilientHttpHandler(target, options.RetryBaseDelay, options.MaxRetryDelay, options.TimeProvider, logger, network);
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            IChatClient sdk = spec.Provider switch
            {
                "openai" => CreateOpenAI(spec, endpoint, key, http),
                "ollama" => CreateOllama(spec, endpoint, key, http),
                _ => CreateAnthropic(spec, endpoint, key, http),
            };
            return new ProviderErrorChatClient(new SpecDefaultsChatClient(sdk, spec), target, http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Parses <paramref name="connectionString"/> and creates its chat client.</summary>
    public static IChatClient Create(string connectionString, ProviderOptions? options = null) => Create(ModelSpec.Parse(connectionString), options);

    private static IChatClient CreateOpenAI(ModelSpec spec, Uri endpoint, string? key, HttpClient http)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        return new OpenAIClient(new ApiKeyCredential(key ?? PlaceholderKey), clientOptions).GetChatClient(spec.Model).AsIChatClient();
    }

    private static IChatClient CreateOllama(ModelSpec spec, Uri endpoint, string? key, HttpClient http)
    {
        http.BaseAddress = endpoint;
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return new OllamaApiClient(http, spec.Model);
    }

    private static IChatClient CreateAnthropic(ModelSpec spec, Uri endpoint, string? key, HttpClient http)
    {
        var client = new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = key ?? PlaceholderKey,
            BaseUrl = endpoint.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            Timeout = Timeout.InfiniteTimeSpan,
        });
        return client.AsIChatClient(spec.Model, spec.MaxOutputTokens ?? AnthropicDefaultMaxTokens);
    }

    private static string? ResolveKey(ModelSpec spec, Uri endpoint, ProviderOptions options)
    {
        var variable = spec.EffectiveApiKeyVariable;
        if (variable is null)
        {
            return null;
        }

        var key = options.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(key))
        {
            return key.Trim();
        }

        var isPublicApi = (spec.Provider == "openai" && SameHost(endpoint, DefaultOpenAIEndpoint))
            || (spec.Provider == "anthropic" && SameHost(endpoint, DefaultAnthropicEndpoint));
        if (spec.ApiKeyEnvironmentVariable is not null || isPublicApi)
        {
            var target = new ProviderTarget(spec, endpoint, null);
            throw target.Error(
                $"needs an API key, but the environment variable {variable} is not set"
                + (spec.ApiKeyEnvironmentVariable is null ? $" (set {variable}, or name another variable with ;api_key_env=NAME)" : ""));
        }

        return null;
    }

    private static bool SameHost(Uri a, Uri b) => string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);
}
