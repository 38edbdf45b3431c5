using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Providers.Tests.Support;

/// <summary>Specs and options that point the real SDKs at a <see cref="ScriptedModelServer"/>.</summary>
internal static class Scripted
{
    /// <summary>A fake key: it must reach the server and never appear in an exception or a log line.</summary>
    public const string FakeKey = "sk-fake-9f3c1d7e-DO-NOT-LEAK";

    /// <summary>The variable the specs name for their key.</summary>
    public const string KeyVariable = "ALIGNLAB_TEST_MODEL_KEY";

    /// <summary>Upper bound for any single test interaction, so a hang fails the test instead of CI.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    public static Uri BaseUrl(ScriptedModelServer server, string provider) => provider switch
    {
        "openai" => server.OpenAIBaseUrl,
        "ollama" => server.OllamaBaseUrl,
        "anthropic" => server.AnthropicBaseUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static string ModelId(string provider) => $"scripted-{provider}-model";

    /// <summary>A spec for the scripted server with a key from <see cref="KeyVariable"/> and quick defaults.</summary>
    public static ModelSpec Spec(ScriptedModelServer server, string provider, string options = "timeout=5s;retries=2") =>
        ModelSpec.Parse($"{provider}:{ModelId(provider)}@{BaseUrl(server, provider)};api_key_env={KeyVariable}" + (options.Length == 0 ? "" : ";" + options));

    public static ProviderOptions Options(CapturingLoggerFactory? logs = null, Func<string, string?>? environment = null) => new()
    {
        GetEnvironmentVariable = environment ?? (name => name == KeyVariable ? FakeKey : null),
        LoggerFactory = logs ?? new CapturingLoggerFactory(),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>
    /// The key as the SDK sent it: <c>x-api-key</c> if present, else the bearer token (Anthropic SDK 13.x sends
    /// <c>ClientOptions.ApiKey</c> as <c>Authorization: Bearer</c>, as its documentation says).
    /// </summary>
    public static string? SentKey(ScriptedRequest request) =>
        request.ApiKeyHeader ?? request.Authorization?.Replace("Bearer ", "", StringComparison.Ordinal);
}
