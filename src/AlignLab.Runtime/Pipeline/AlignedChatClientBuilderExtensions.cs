using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary><c>UseAlignment</c> for <see cref="ChatClientBuilder"/> pipelines: adds an <see cref="AlignedChatClient"/>.</summary>
public static class AlignedChatClientBuilderExtensions
{
    /// <summary>
    /// Adds an <see cref="AlignedChatClient"/>. Without arguments it uses the <see cref="AlignmentPipeline"/> registered with
    /// <c>AddAlignLab</c> (the container owns it), or, when there is none, a pipeline for the embedded default constitution.
    /// With <paramref name="constitution"/> or <paramref name="configure"/> it builds its own pipeline from the options
    /// registered with <c>AddAlignLab</c> (if any), post-configured: <paramref name="constitution"/> replaces the constitution
    /// and <paramref name="configure"/> runs last. Options are validated when the client is built; invalid options throw one
    /// <see cref="OptionsValidationException"/> listing every problem. A pipeline built here is disposed with the client.
    /// </summary>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseAlignment(
        this ChatClientBuilder builder, Constitution? constitution = null, Action<AlignmentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            if (constitution is null && configure is null && services.GetService<AlignmentPipeline>() is { } registered)
            {
                return new AlignedChatClient(inner, registered);
            }

            var options = CreateOptions(services, constitution, configure);
            AlignmentPipeline pipeline;
            try
            {
                pipeline = new AlignmentPipeline(options, services.GetService<ILoggerFactory>()?.CreateLogger<AlignedChatClient>());
            }
            catch
            {
                DisposeOwned(options);
                throw;
            }

            return new AlignedChatClient(inner, pipeline, ownsPipeline: true);
        });
    }

    /// <summary>
    /// Adds an <see cref="AlignedChatClient"/> enforcing the constitution in <paramref name="policyPath"/>, post-configuring
    /// the options registered with <c>AddAlignLab</c> like the other overload; throws <see cref="ConstitutionException"/>
    /// listing every error in the file (file:line:col).
    /// </summary>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseAlignment(this ChatClientBuilder builder, string policyPath, Action<AlignmentOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyPath);
        return builder.UseAlignment(ConstitutionLoader.LoadFile(policyPath).GetOrThrow(), configure);
    }

    /// <summary>
    /// What <see cref="OptionsFactory{TOptions}"/> does for the default name, with <paramref name="constitution"/> and
    /// <paramref name="configure"/> as the last post-configuration, and with the resources the options own disposed when
    /// a step or the validation fails (the factory would drop the instance).
    /// </summary>
    private static AlignmentOptions CreateOptions(IServiceProvider services, Constitution? constitution, Action<AlignmentOptions>? configure)
    {
        var name = Options.Options.DefaultName;
        var options = new AlignmentOptions();
        try
        {
            new AlignmentOptionsSetup(services.GetService<TimeProvider>()).Configure(options);
            foreach (var setup in All<IConfigureOptions<AlignmentOptions>>(services))
            {
                if (setup is IConfigureNamedOptions<AlignmentOptions> named)
                {
                    named.Configure(name, options);
                }
                else
                {
                    setup.Configure(options);
                }
            }

            foreach (var post in All<IPostConfigureOptions<AlignmentOptions>>(services))
            {
                post.PostConfigure(name, options);
            }

            if (constitution is not null)
            {
                options.Constitution = constitution;
            }

            configure?.Invoke(options);
            var validators = All<IValidateOptions<AlignmentOptions>>(services).ToList();
            if (!validators.Exists(v => v is AlignmentOptionsValidator))
            {
                validators.Add(new AlignmentOptionsValidator());
            }

            var failures = new List<string>();
            foreach (var validator in validators)
            {
                var result = validator.Validate(name, options);
                if (result.Failed)
                {
                    failures.AddRange(result.Failures ?? Enumerable.Repeat(result.FailureMessage, 1));
                }
            }

            if (failures.Count > 0)
            {
                throw new OptionsValidationException(name, typeof(AlignmentOptions), failures);
            }

            return options;
        }
        catch
        {
            DisposeOwned(options);
            throw;
        }
    }

    /// <summary>
    /// Every registered <typeparamref name="T"/>; none from a provider that cannot resolve enumerables (<c>Build()</c> without one).
    /// </summary>
    private static IEnumerable<T> All<T>(IServiceProvider services) => services.GetService<IEnumerable<T>>() ?? [];

    private static void DisposeOwned(AlignmentOptions options)
    {
        var seen = new HashSet<IDisposable>(ReferenceEqualityComparer.Instance);
        foreach (var owned in options.OwnedResources)
        {
            if (seen.Add(owned))
            {
                owned.Dispose();
            }
        }
    }
}
