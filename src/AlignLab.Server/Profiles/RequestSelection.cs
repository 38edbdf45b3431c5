namespace AlignLab.Server.Profiles;

/// <summary>
/// The constitution context and profile one request asked for (issue 19 item 6), each null when it named none. Where
/// it came from (<see cref="Source"/>) is kept for messages and the audit trail.
/// </summary>
/// <param name="Context">The context name (a key of the constitution's <c>contexts:</c>), or null.</param>
/// <param name="Profile">The profile name (a key of the constitution's <c>profiles:</c>), or null.</param>
/// <param name="Source">"header", "metadata", or null when the request named neither.</param>
internal sealed record RequestSelection(string? Context, string? Profile, string? Source)
{
    /// <summary>No selection: the gateway's default.</summary>
    public static RequestSelection None { get; } = new(null, null, null);

    /// <summary>Whether the request named neither a context nor a profile.</summary>
    public bool IsDefault => Context is null && Profile is null;
}
