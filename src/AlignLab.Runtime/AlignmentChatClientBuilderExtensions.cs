using AlignLab.Constitution;
using AlignLab.Runtime.Pipeline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlignLab.Runtime;

/// <summary><c>UseAlignment</c> for <see cref="ChatClientBuilder"/> pipelines.</summary>
public static class AlignmentChatClientBuilderExtensions
{
    /// <summary>
    /// Adds an <see cref="AlignedChatClient"/> enforcing <paramref name="constitution"/> (null: the pipeline registered with
    /// <c>AddAlignLab</c>, or else the embedded default constitution). Options are validated when the client is built.
    /// </summary>
    public static ChatClientBuilder UseAlignment(this ChatClientBuilder builder, Constitution.Constitution? constitution = null, Action<AlignmentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            AlignmentPipeline pipeline;
            if (constitution is null && configure is null && services.GetService<AlignmentPipeline>() is { } registered)
            {
                pipeline = registered;
            }
            else
            {
                var options = new AlignmentOptions { Constitution = constitution };
                if (services.GetService<TimeProvider>() is { } time)
                {
                    options.TimeProvider = time;
                }

                configure?.Invoke(options);
                pipeline = new AlignmentPipeline(options, services.GetService<ILoggerFactory>()?.CreateLogger<AlignedChatClient>());
            }

            return new AlignedChatClient(inner, pipeline);
        });
    }

    /// <summary>Adds an <see cref="AlignedChatClient"/> enforcing the constitution in <paramref name="policyPath"/>; throws <see cref="ConstitutionException"/> listing every error (file:line:col).</summary>
    public static ChatClientBuilder UseAlignment(this ChatClientBuilder builder, string policyPath, Action<AlignmentOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyPath);
        return builder.UseAlignment(ConstitutionLoader.LoadFile(policyPath).GetOrThrow(), configure);
    }
}
