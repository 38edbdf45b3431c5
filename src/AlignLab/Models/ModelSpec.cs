using System.Globalization;
using AlignLab.Diagnostics;

namespace AlignLab.Models;

/// <summary>
/// Where a chat model lives and how to reach it: parsed from a connection string such as
/// <c>openai:gpt-4o-mini</c>, <c>openai:qwen2.5@http://127.0.0.1:8000/v1</c>, <c>ollama:llama3.1@http://localhost:11434</c> or
/// <c>anthropic:claude-sonnet-4-5;api_key_env=MY_KEY;timeout=30s;retries=2</c>, a local GGUF file such as
/// <c>llama:models/llama-guard-3-1b.Q8_0.gguf;context_size=4096;threads=4</c>, a Hugging Face checkpoint folder run by TorchSharp
/// such as <c>torch:models/my-sft</c>, or from a <c>models:</c> entry in a constitution.
/// API keys are never part of a spec: only the name of the environment variable that holds one.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Provider names this build understands.</summary>
    public static readonly IReadOnlyList<string> Providers = ["openai", "ollama", "anthropic", Llama, Torch];

    /// <summary>The provider of local GGUF files (<c>llama:PATH.gguf</c>): the model is a file path, there is no endpoint.</summary>
    public const string Llama = "llama";

    /// <summary>
    /// The provider of local checkpoint folders run by TorchSharp (<c>torch:DIR</c>): the model is a folder path, there is no endpoint.
    /// </summary>
    public const string Torch = "torch";

    /// <summary>The name the spec was declared under (a key of <c>models:</c>), or the connection string itself.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>openai</c>, <c>ollama</c>, <c>anthropic</c> or <c>llama</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The model id as the provider knows it; for <c>llama</c>, the path of the GGUF file; for <c>torch</c>, the folder.</summary>
    public required string Model { get; init; }

    /// <summary>Base URL; null means the provider's default (OpenAI's and Anthropic's public APIs, Ollama on localhost:11434).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Environment variable holding the API key; null means the provider's usual one (OPENAI_API_KEY, ANTHROPIC_API_KEY) or none.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a transient failure (5xx, 429, timeouts, connection errors), with exponential back-off and jitter.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Sampling temperature to request, if any.</summary>
    public double? Temperature { get; init; }

    /// <summary>Cap on generated tokens, if any.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Context window in tokens of a local model (<c>context_size=</c>, <c>llama</c> only); null means the provider's default.</summary>
    public int? ContextSize { get; init; }

    /// <summary>CPU threads of a local model (<c>threads=</c>, <c>llama</c> only); null means the provider's default.</summary>
    public int? Threads { get; init; }

    /// <summary>Where the spec was written, for configuration errors.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>The environment variable consulted for the key: the explicit one or the provider's default.</summary>
    public string? EffectiveApiKeyVariable => ApiKeyEnvironmentVariable ?? Provider switch
    {
        "openai" => "OPENAI_API_KEY",
        "anthropic" => "ANTHROPIC_API_KEY",
        _ => null,
    };

    /// <summary>Parses a connection string; on failure returns null and a message that says what is wrong.</summary>
    public static ModelSpec? TryParse(string connectionString, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "the model connection string is empty; expected provider:model, e.g. openai:gpt-4o-mini";
            return null;
        }

        var parts = connectionString.Split(';', StringSplitOptions.TrimEntries);
        var head = parts[0];
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"'{head}' has no provider; expected provider:model, e.g. openai:gpt-4o-mini (providers: {string.Join(", ", Providers)})";
            return null;
        }

        var provider = head[..colon].Trim().ToLowerInvariant();
        if (ProviderError(provider) is { } unknown)
        {
            error = unknown;
            return null;
        }

        var rest = head[(colon + 1)..].Trim();
        Uri? endpoint = null;
        var at = IsLocal(provider) ? -1 : rest.IndexOf('@', StringComparison.Ordinal); // a file path may contain '@'
        if (at >= 0)
        {
            var url = rest[(at + 1)..].Trim();
            rest = rest[..at].Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                error = $"'{url}' is not an http(s) URL";
                return null;
            }
        }

        if (rest.Length == 0)
        {
            error = NoModelError(provider);
            return null;
        }

        var spec = new ModelSpec { Name = connectionString, Provider = provider, Model = rest, Endpoint = endpoint };
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"'{parts[i]}' is not key=value";
                return null;
            }

            var next = WithOption(spec, parts[i][..eq].Trim().ToLowerInvariant(), parts[i][(eq + 1)..].Trim(), out error);
            if (next is null)
            {
                return null;
            }

            spec = next;
        }

        return spec;
    }

    /// <summary>An unknown provider's message (naming the closest known one), or null for a known provider (lower case).</summary>
    internal static string? ProviderError(string provider)
    {
        if (Providers.Contains(provider))
        {
            return null;
        }

        var hint = Suggestions.Closest(provider, Providers);
        return $"unknown model provider '{provider}'" + (hint is null ? "" : $" (did you mean '{hint}'?)")
            + $"; known: {string.Join(", ", Providers)}";
    }

    /// <summary>Whether <paramref name="provider"/>'s models are local paths (a file or a folder) rather than ids at an endpoint.</summary>
    public static bool IsLocal(string provider) => provider is Llama or Torch;

    /// <summary>The message for a spec that names no model after its provider.</summary>
    internal static string NoModelError(string provider) =>
        $"no model {provider switch { Llama => "file", Torch => "folder", _ => "id" }} after '{provider}:'; expected e.g. {provider}:"
        + provider switch { "ollama" => "llama3.1", Llama => "models/llama-guard-3-1b.Q8_0.gguf", Torch => "models/my-sft", _ => "model-name" };

    /// <summary>
    /// <paramref name="spec"/> with one option (a key of <see cref="KnownKeys"/>, lower case) set; null with the reason when the
    /// key is unknown, does not apply to the provider, or its value is not valid.
    /// </summary>
    internal static ModelSpec? WithOption(ModelSpec spec, string key, string value, out string? error)
    {
        error = null;
        switch (key)
        {
            case "endpoint" or "base_url" when IsLocal(spec.Provider):
                error = $"'{key}' does not apply to {spec.Provider}: models, which are local {(spec.Provider == Llama ? "files" : "folders")}";
                return null;
            case "endpoint":
            case "base_url":
                if (!Uri.TryCreate(value, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                {
                    error = $"'{value}' is not an http(s) URL";
                    return null;
                }

                spec = spec with { Endpoint = u };
                break;
            case "api_key_env":
                if (!IsEnvironmentVariableName(value))
                {
                    error = $"api_key_env must name an environment variable (letters, digits, '_'), not a key";
                    return null;
                }

                spec = spec with { ApiKeyEnvironmentVariable = value };
                break;
            case "api_key":
            case "key":
                error = "API keys are read from environment variables only: use api_key_env=NAME";
                return null;
            case "timeout":
                if (!TryParseDuration(value, out var t) || t <= TimeSpan.Zero)
                {
                    error = $"timeout '{value}' is not a positive duration such as 500ms, 30s or 2m";
                    return null;
                }

                spec = spec with { Timeout = t };
                break;
            case "retries":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 10)
                {
                    error = $"retries '{value}' must be a whole number from 0 to 10";
                    return null;
                }

                spec = spec with { MaxRetries = n };
                break;
            case "temperature":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var temp) || temp < 0 || temp > 2)
                {
                    error = $"temperature '{value}' must be a number from 0 to 2";
                    return null;
                }

                spec = spec with { Temperature = temp };
                break;
            case "max_tokens":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mt) || mt <= 0)
                {
                    error = $"max_tokens '{value}' must be a positive whole number";
                    return null;
                }

                spec = spec with { MaxOutputTokens = mt };
                break;
            case "context_size":
            case "threads":
                var max = key == "threads" ? 1024 : 1 << 20;
                if (spec.Provider != Llama)
                {
                    error = $"'{key}' applies to llama: models only";
                    return null;
                }

                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0 || count > max)
                {
                    error = $"{key} '{value}' must be a whole number from 1 to {max}";
                    return null;
                }

                spec = key == "threads" ? spec with { Threads = count } : spec with { ContextSize = count };
                break;
            default:
                var hint = Suggestions.Closest(key, KnownKeys);
                error = $"unknown option '{key}'" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; known: {string.Join(", ", KnownKeys)}";
                return null;
        }

        return spec;
    }

    /// <summary>Parses a connection string or throws <see cref="FormatException"/> with the reason.</summary>
    public static ModelSpec Parse(string connectionString) =>
        TryParse(connectionString, out var error) ?? throw new FormatException($"Invalid model connection string: {error}");

    /// <summary>Option keys accepted after the first ';'.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
        ["endpoint", "api_key_env", "timeout", "retries", "temperature", "max_tokens", "context_size", "threads"];

    /// <summary>Parses 250ms, 30s, 2m, 1h or a plain number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        (string suffix, double scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && !(suffix == "s" && text.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                if (double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= 0 && n * scale < 86_400 * 7)
                {
                    value = TimeSpan.FromSeconds(n * scale);
                    return true;
                }

                return false;
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && double.IsFinite(secs) && secs >= 0 && secs < 86_400 * 7)
        {
            value = TimeSpan.FromSeconds(secs);
            return true;
        }

        return false;
    }

    /// <summary>A display form that never contains a secret (specs hold none) and names the endpoint.</summary>
    public override string ToString() => $"{Provider}:{Model}" + (Endpoint is null ? "" : $"@{Endpoint}");

    private static bool IsEnvironmentVariableName(string value) =>
        value.Length > 0 && !char.IsAsciiDigit(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
