using Microsoft.Extensions.AI;

namespace AlignLab.Server.Profiles;

/// <summary>
/// Passes every call to a client someone else owns, and leaves it alone when disposed: the aligned client of a
/// profile's variant wraps the snapshot's upstream this way, so disposing the variant does not close the upstream.
/// </summary>
internal sealed class NonOwningChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The inner client belongs to the snapshot; nothing of ours to release.
    }
}
