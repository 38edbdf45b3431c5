using Microsoft.Extensions.Options;

namespace AlignLab.Runtime.Pipeline;

/// <summary>
/// The first configuration step of <see cref="AlignmentOptions"/> in a container: the container's
/// <see cref="TimeProvider"/>, when it has one, replaces the system clock. A configure delegate that sets another
/// time provider wins, whichever order the two were registered in.
/// </summary>
internal sealed class AlignmentOptionsSetup(TimeProvider? timeProvider = null) : IConfigureOptions<AlignmentOptions>
{
    public void Configure(AlignmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (timeProvider is not null && ReferenceEquals(options.TimeProvider, TimeProvider.System))
        {
            options.TimeProvider = timeProvider;
        }
    }
}
