using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Providers.Errors;
using AlignLab.Providers.Tests.Support;
using AlignLab.Testing.ModelServer;
using Microsoft.Extensions.AI;

namespace AlignLab.Providers.Tests.Clients;

/// <summary>Where API keys come from: only the environment variable a spec names.</summary>
public sealed class ApiKeyResolutionTests
{
    [Theory]
    [InlineData("openai:gpt-4o-mini", "OPENAI_API_KEY")]
    [InlineData("anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY")]
    [InlineData("openai:gpt-4o-mini@https://api.openai.com/v1", "OPENAI_API_KEY")]
    public void Missing_key_for_the_public_api_names_the_variable(string connectionString, string variable)
    {
        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create(ModelSpec.Parse(connectionString), Scripted.Options(environment: _ => null)));

        Assert.Contains($"environment variable {variable} is not set", e.Message, StringComparison.Ordinal);
        Assert.Contains("api_key_env", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public void Missing_explicitly_named_key_variable_is_an_error_even_for_a_custom_endpoint(string provider)
    {
        var spec = ModelSpec.Parse($"{provider}:m@http://127.0.0.1:1/;api_key_env=MY_MISSING_KEY");

        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create(spec, Scripted.Options(environment: _ => null)));

        Assert.Contains("MY_MISSING_KEY", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProviderData.All), MemberType = typeof(ProviderData))]
    public async Task Custom_endpoint_runs_keyless_against_scripted_server(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync(ScriptedReply.Text("no key needed"));
        var spec = ModelSpec.Parse($"{provider}:{Scripted.ModelId(provider)}@{Scripted.BaseUrl(server, provider)}");
        using var client = ChatClientFactory.Create(spec, Scripted.Options(environment: _ => null));

        var response = await client.GetResponseAsync("hi").WaitAsync(Scripted.Guard);

        Assert.Equal("no key needed", response.Text);
        var request = Assert.Single(server.Requests, r => r.Protocol != ScriptedProtocol.Other);
        var sent = Scripted.SentKey(request);
        Assert.True(sent is null or ChatClientFactory.PlaceholderKey, $"unexpected key '{sent}'");
    }

    [Fact]
    public void Key_value_never_appears_in_the_missing_key_error_of_another_variable()
    {
        var spec = ModelSpec.Parse("openai:gpt-4o-mini;api_key_env=OTHER_KEY");

        var e = Assert.Throws<ModelProviderException>(() => ChatClientFactory.Create(spec, Scripted.Options(environment: n => n == "OPENAI_API_KEY" ? Scripted.FakeKey : null)));

        Assert.Contains("OTHER_KEY", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Scripted.FakeKey, e.ToString(), StringComparison.Ordinal);
    }
}
