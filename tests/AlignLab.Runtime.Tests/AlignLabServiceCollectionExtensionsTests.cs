using System.Collections.Concurrent;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlignLab.Runtime.Tests;

public sealed class AlignLabServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAlignLab_is_found_in_the_dependency_injection_namespace_like_AddChatClient()
    {
        // Before: namespace AlignLab.Runtime, so `services.AddAlignLab` needed a using of the runtime's root namespace.
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(AlignLabServiceCollectionExtensions).Namespace);
    }

    [Fact]
    public void A_second_AddAlignLab_call_adds_its_settings_instead_of_being_dropped()
    {
        // Before: services.AddAlignLab(a); services.AddAlignLab(b) kept a only (TryAddSingleton); b was silently lost.
        var services = new ServiceCollection();
        services.AddAlignLab(o => { o.Constitution = TestPolicies.Basic(extra: Extra); o.UseClassifier = false; });
        services.AddAlignLab(o => o.Context = "educational");
        services.AddAlignLab(o => o.Profile = "careful");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<AlignmentPipeline>().Options;
        Assert.Equal("test", options.Constitution?.Name);
        Assert.Equal("educational", options.Context);
        Assert.Equal("careful", options.Profile);
        Assert.Same(options, provider.GetRequiredService<IOptions<AlignmentOptions>>().Value);
    }

    [Fact]
    public void Invalid_options_fail_start_up_validation_with_every_problem_at_once()
    {
        var services = new ServiceCollection();
        services.AddAlignLab(o =>
        {
            o.Constitution = TestPolicies.Basic();
            o.UseClassifier = false;
            o.Profile = "missing";
            o.StreamingOverlap = -1;
        });
        using var provider = services.BuildServiceProvider();

        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(atStart.Failures, f => f.Contains("unknown profile 'missing'", StringComparison.Ordinal));
        Assert.Contains(atStart.Failures, f => f.Contains("StreamingOverlap", StringComparison.Ordinal));
        var atResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AlignmentPipeline>());
        Assert.Equal(2, atResolve.Failures.Count());
    }

    [Fact]
    public void The_container_disposes_resources_a_configure_delegate_hands_to_the_pipeline_once()
    {
        var made = new ConcurrentBag<CountingDisposable>();
        var services = new ServiceCollection();
        services.AddAlignLab(o =>
        {
            o.Constitution = TestPolicies.Basic();
            o.UseClassifier = false;
            var judgeClient = new CountingDisposable();
            made.Add(judgeClient);
            o.OwnedResources.Add(judgeClient);
        });
        AlignmentPipeline pipeline;
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            _ = provider.GetRequiredService<IOptions<AlignmentOptions>>().Value;
            _ = provider.GetRequiredService<IOptionsMonitor<AlignmentOptions>>().CurrentValue;
            pipeline = provider.GetRequiredService<AlignmentPipeline>();
            Assert.False(pipeline.IsDisposed);
        }

        // One options instance per container: validation, IOptions and the pipeline ran the delegate once between them.
        var judge = Assert.Single(made);
        Assert.True(pipeline.IsDisposed);
        Assert.Equal(1, judge.Disposals);
    }

    [Fact]
    public void The_containers_TimeProvider_is_the_default_clock_and_a_configured_one_wins()
    {
        var containerClock = new FixedTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var configuredClock = new FixedTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var services = new ServiceCollection().AddSingleton<TimeProvider>(containerClock);
        services.AddAlignLab(o => { o.Constitution = TestPolicies.Basic(); o.UseClassifier = false; });
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(containerClock, provider.GetRequiredService<AlignmentPipeline>().Options.TimeProvider);
        }

        // A delegate registered before AddAlignLab still wins over the container's clock.
        services = new ServiceCollection().AddSingleton<TimeProvider>(containerClock);
        services.Configure<AlignmentOptions>(o => o.TimeProvider = configuredClock);
        services.AddAlignLab(o => { o.Constitution = TestPolicies.Basic(); o.UseClassifier = false; });
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(configuredClock, provider.GetRequiredService<AlignmentPipeline>().Options.TimeProvider);
        }
    }

    /// <summary>A context and a profile for <see cref="TestPolicies.Basic"/>.</summary>
    internal const string Extra = """
          contexts:
            educational: {system_guidance: "Explain like a teacher."}
          profiles:
            careful: {rule_actions: {medication: block}}
        """;
}
