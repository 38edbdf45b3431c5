using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlignLab.Runtime.Tests.Pipeline;

public sealed class AlignedChatClientBuilderExtensionsTests
{
    [Fact]
    public void UseAlignment_sits_beside_AlignedChatClient_in_the_namespace_of_ChatClientBuilder_like_UseLogging()
    {
        // Before: AlignmentChatClientBuilderExtensions in AlignLab.Runtime, at the project root.
        Assert.Equal(typeof(ChatClientBuilder).Namespace, typeof(AlignedChatClientBuilderExtensions).Namespace);
        Assert.Equal(typeof(LoggingChatClientBuilderExtensions).Namespace, typeof(AlignedChatClientBuilderExtensions).Namespace);
    }

    [Fact]
    public async Task UseAlignment_and_AddAlignLab_compose_with_dependency_injection()
    {
        var inner = RecordingChatClient.Answering("never");
        var services = new ServiceCollection();
        services.AddAlignLab(o => { o.Constitution = TestPolicies.Basic(); o.UseClassifier = false; });
        services.AddChatClient(inner).UseAlignment();
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("the forbidden question");
        Assert.Empty(inner.Calls);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Same(provider.GetRequiredService<AlignmentPipeline>(), client.GetService<AlignedChatClient>()!.Pipeline);
    }

    [Fact]
    public async Task UseAlignment_with_configure_post_configures_the_options_registered_with_AddAlignLab()
    {
        // Before: services.AddAlignLab(o => o.Context = "educational"); services.AddChatClient(m).UseAlignment(configure: o => o.Profile = "careful")
        // built a pipeline from the embedded default constitution with the profile only; the registered options were ignored.
        var inner = RecordingChatClient.Answering("ok");
        var services = new ServiceCollection();
        services.AddAlignLab(o =>
        {
            o.Constitution = TestPolicies.Basic(extra: AlignLabServiceCollectionExtensionsTests.Extra);
            o.UseClassifier = false;
            o.Context = "educational";
        });
        services.AddChatClient(inner).UseAlignment(configure: o => o.Profile = "careful");
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        var options = client.GetService<AlignedChatClient>()!.Pipeline.Options;
        Assert.Equal("test", options.Constitution?.Name);
        Assert.False(options.UseClassifier);
        Assert.Equal("educational", options.Context);
        Assert.Equal("careful", options.Profile);
        Assert.NotSame(provider.GetRequiredService<IOptions<AlignmentOptions>>().Value, options);
        Assert.Null(provider.GetRequiredService<AlignmentPipeline>().Options.Profile);

        await client.GetResponseAsync("how do volcanoes work?");
        Assert.Contains(inner.Calls[0], m => m.Role == ChatRole.System && m.Text == "Explain like a teacher.");
        var careful = await client.GetResponseAsync("which medication helps?");
        Assert.Equal(ChatFinishReason.ContentFilter, careful.FinishReason);
    }

    [Fact]
    public void UseAlignment_validates_at_build_and_reports_the_registered_and_the_configured_problems_together()
    {
        var services = new ServiceCollection();
        services.AddAlignLab(o => o.StreamingOverlap = -1);
        using var provider = services.BuildServiceProvider();
        var builder = new ChatClientBuilder(RecordingChatClient.Answering("x")).UseAlignment(TestPolicies.Basic(), o => o.Profile = "missing");

        var ex = Assert.Throws<OptionsValidationException>(() => builder.Build(provider));
        Assert.Contains(ex.Failures, f => f.Contains("unknown profile 'missing'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("StreamingOverlap", StringComparison.Ordinal));

        var withoutContainer = new ChatClientBuilder(RecordingChatClient.Answering("x"))
            .UseAlignment(TestPolicies.Basic(), o => o.Profile = "missing");
        var alone = Assert.Throws<OptionsValidationException>(() => withoutContainer.Build());
        Assert.Contains("unknown profile 'missing'", Assert.Single(alone.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipeline_UseAlignment_builds_is_disposed_with_its_client_and_a_registered_one_with_the_container()
    {
        var owned = new CountingDisposable();
        var own = new ChatClientBuilder(RecordingChatClient.Answering("x"))
            .UseAlignment(TestPolicies.Basic(), o => { o.UseClassifier = false; o.OwnedResources.Add(owned); })
            .Build();
        var ownPipeline = own.GetService<AlignedChatClient>()!.Pipeline;
        own.Dispose();
        Assert.True(ownPipeline.IsDisposed);
        Assert.Equal(1, owned.Disposals);

        var services = new ServiceCollection();
        services.AddAlignLab(o => { o.Constitution = TestPolicies.Basic(); o.UseClassifier = false; });
        AlignmentPipeline registered;
        using (var provider = services.BuildServiceProvider())
        {
            using var shared = new ChatClientBuilder(RecordingChatClient.Answering("x")).UseAlignment().Build(provider);
            registered = shared.GetService<AlignedChatClient>()!.Pipeline;
            Assert.Same(provider.GetRequiredService<AlignmentPipeline>(), registered);
            shared.Dispose();
            Assert.False(registered.IsDisposed);
        }

        Assert.True(registered.IsDisposed);
    }

    [Fact]
    public void Resources_handed_to_options_that_fail_validation_are_disposed()
    {
        var owned = new CountingDisposable();
        var builder = new ChatClientBuilder(RecordingChatClient.Answering("x"))
            .UseAlignment(TestPolicies.Basic(), o => { o.OwnedResources.Add(owned); o.Profile = "missing"; });

        Assert.Throws<OptionsValidationException>(() => builder.Build());
        Assert.Equal(1, owned.Disposals);
    }
}
