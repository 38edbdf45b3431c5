using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AlignLab.Runtime;

/// <summary>Registers AlignLab with a service collection.</summary>
public static class AlignLabServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="AlignmentPipeline"/> configured by <paramref name="configure"/>, used by
    /// <c>UseAlignment()</c> without arguments. The options are validated when the pipeline is first resolved, and every
    /// problem is reported at once.
    /// </summary>
    public static IServiceCollection AddAlignLab(this IServiceCollection services, Action<AlignmentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = new AlignmentOptions();
            if (sp.GetService<TimeProvider>() is { } time)
            {
                options.TimeProvider = time;
            }

            configure?.Invoke(options);
            return new AlignmentPipeline(options, sp.GetService<ILoggerFactory>()?.CreateLogger<AlignedChatClient>());
        });
        return services;
    }
}
