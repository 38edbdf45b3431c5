using AlignLab.Models;
using CsCheck;

namespace AlignLab.Tests.Models;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai", "gpt-4o-mini", null)]
    [InlineData("openai:qwen2.5@http://127.0.0.1:8000/v1", "openai", "qwen2.5", "http://127.0.0.1:8000/v1")]
    [InlineData("ollama:llama3.1:8b@http://localhost:11434", "ollama", "llama3.1:8b", "http://localhost:11434/")]
    [InlineData("Anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", null)]
    public void Parses_provider_model_and_endpoint(string text, string provider, string model, string? endpoint)
    {
        var spec = ModelSpec.Parse(text);
        Assert.Equal(provider, spec.Provider);
        Assert.Equal(model, spec.Model);
        Assert.Equal(endpoint is null ? null : new Uri(endpoint), spec.Endpoint);
    }

    [Fact]
    public void Parses_options()
    {
        var spec = ModelSpec.Parse("openai:m@http://127.0.0.1:1/v1; api_key_env=MY_KEY; timeout=1500ms; retries=0; temperature=0.2; max_tokens=64");
        Assert.Equal("MY_KEY", spec.EffectiveApiKeyVariable);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), spec.Timeout);
        Assert.Equal(0, spec.MaxRetries);
        Assert.Equal(0.2, spec.Temperature);
        Assert.Equal(64, spec.MaxOutputTokens);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("gpt-4o", "no provider")]
    [InlineData("opnai:gpt-4o", "did you mean 'openai'")]
    [InlineData("openai:", "no model id")]
    [InlineData("openai:m@ftp://x", "not an http(s) URL")]
    [InlineData("openai:m;api_key=sk-secret123", "environment variables only")]
    [InlineData("openai:m;timeout=soon", "not a positive duration")]
    [InlineData("openai:m;retries=99", "0 to 10")]
    [InlineData("openai:m;timout=3s", "did you mean 'timeout'")]
    [InlineData("llama:", "no model file")]
    [InlineData("llama:guard.gguf;endpoint=http://127.0.0.1:1", "local files")]
    [InlineData("llama:guard.gguf;context_size=0", "from 1 to 1048576")]
    [InlineData("llama:guard.gguf;threads=lots", "from 1 to 1024")]
    [InlineData("openai:m;context_size=4096", "llama: models only")]
    [InlineData("torch:", "no model folder")]
    [InlineData("torch:runs/sft;endpoint=http://127.0.0.1:1", "local folders")]
    public void Rejects_with_a_reason(string text, string reason)
    {
        Assert.Null(ModelSpec.TryParse(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torch_spec_is_a_checkpoint_folder_whose_at_sign_is_no_endpoint()
    {
        // issue 18: torch:DIR serves a checkpoint folder; before, 'torch' was an unknown provider.
        var spec = ModelSpec.Parse("torch:/runs/sft@v2;max_tokens=16");
        Assert.Equal("torch", spec.Provider);
        Assert.Equal("/runs/sft@v2", spec.Model);
        Assert.Null(spec.Endpoint);
    }

    [Fact]
    public void A_llama_spec_is_a_file_path_with_context_size_and_threads()
    {
        // A path may contain '@' and ':' (C:\models on Windows); for llama: neither starts an endpoint.
        var spec = ModelSpec.Parse("llama:/models/guard@v3:1b.Q8_0.gguf;context_size=2048;threads=2;max_tokens=16");

        Assert.Equal("llama", spec.Provider);
        Assert.Equal("/models/guard@v3:1b.Q8_0.gguf", spec.Model);
        Assert.Null(spec.Endpoint);
        Assert.Null(spec.EffectiveApiKeyVariable);
        Assert.Equal(2048, spec.ContextSize);
        Assert.Equal(2, spec.Threads);
        Assert.Equal(16, spec.MaxOutputTokens);
    }

    [Fact]
    public void A_key_given_inline_is_never_echoed()
    {
        Assert.Null(ModelSpec.TryParse("openai:m;api_key=sk-secret123", out var error));
        Assert.DoesNotContain("sk-secret123", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws_for_any_string() =>
        Gen.String.Sample(s =>
        {
            _ = ModelSpec.TryParse(s, out var error);
            _ = ModelSpec.TryParseDuration(s, out _);
        });

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1.5", 1.5)]
    public void Parses_durations(string text, double seconds)
    {
        Assert.True(ModelSpec.TryParseDuration(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }
}
