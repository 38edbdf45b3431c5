using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AlignLab with a service collection.</summary>
public static class AlignLabServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AlignmentOptions"/> as options (<see cref="IOptions{TOptions}"/>) configured by
    /// <paramref name="configure"/>, validated on start with every problem reported at once, and a singleton
    /// <see cref="AlignmentPipeline"/> built from them, which <c>UseAlignment()</c> uses. Calling it again adds
    /// <paramref name="configure"/> to the delegates already registered, which run in registration order; the container's
    /// <see cref="TimeProvider"/>, if any, is the default clock. The container disposes the pipeline, and with it
    /// <see cref="AlignmentOptions.OwnedResources"/>.
    /// </summary>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAlignLab(this IServiceCollection services, Action<AlignmentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AlignmentOptions>, AlignmentOptionsSetup>());
        var options = services.AddOptions<AlignmentOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlignmentOptions>, AlignmentOptionsValidator>());
        options.ValidateOnStart();

        // One options instance per container: start-up validation reads IOptionsMonitor, and IOptions would otherwise build
        // a second instance, running the configure delegates (and creating any resources they own) twice.
        services.TryAddSingleton<IOptions<AlignmentOptions>>(sp =>
            new OptionsWrapper<AlignmentOptions>(sp.GetRequiredService<IOptionsMonitor<AlignmentOptions>>().Get(Options.Options.DefaultName)));
        services.TryAddSingleton(sp => new AlignmentPipeline(
            sp.GetRequiredService<IOptions<AlignmentOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<AlignedChatClient>()));
        return services;
    }
}
