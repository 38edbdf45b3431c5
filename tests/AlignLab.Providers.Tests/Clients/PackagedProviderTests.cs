using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Tests.Clients;

/// <summary>Providers that live in their own package (llama:) are reached through <see cref="ChatClientFactory"/> once registered.</summary>
public sealed class PackagedProviderTests
{
    [Fact]
    public void A_llama_spec_without_the_llama_package_says_which_package_it_needs()
    {
        // This test assembly never references AlignLab.Providers.Llama, so nothing registered "llama".
        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create("llama:models/guard.gguf"));

        Assert.Contains("llama:models/guard.gguf", e.Message, StringComparison.Ordinal);
        Assert.Contains("AlignLab.Providers.Llama", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_torch_spec_without_the_training_package_says_which_package_it_needs()
    {
        // issue 18: torch:DIR is registered by AlignLab.Training (TorchProvider.Register), which this assembly never references.
        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create("torch:runs/sft"));
        Assert.Contains("AlignLab.Training", e.Message, StringComparison.Ordinal);
        Assert.Contains("TorchProvider.Register()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_provider_builds_the_client_and_gets_the_spec_defaults()
    {
        ModelSpec? seen = null;
        ChatClientFactory.Register("test-packaged", (spec, _) =>
        {
            seen = spec;
            return new Support.EchoOptionsChatClient();
        });
        var spec = new ModelSpec { Provider = "test-packaged", Model = "m", MaxOutputTokens = 7 };

        using var client = ChatClientFactory.Create(spec);
        var response = await client.GetResponseAsync("hi");

        Assert.Same(spec, seen);
        Assert.Equal("max_tokens=7", response.Text);
    }
}
