using AlignLab.Server.Security;

namespace AlignLab.Server.Hosting;

/// <summary>One client key, stored only as the SHA-256 of the key text, with its own rate limit and scopes.</summary>
/// <param name="Name">Who the key belongs to (shown in the audit log and metrics; never the key itself).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the key (see <see cref="ApiKeyHasher"/>).</param>
/// <param name="RequestsPerSecond">Sustained requests per second allowed for this key.</param>
/// <param name="Burst">Requests that may arrive at once before the sustained rate applies.</param>
/// <param name="Scopes">What the key may do; <see cref="ApiScopes.Inference"/> unless the configuration grants more.</param>
public sealed record ApiKeyEntry(string Name, string Sha256, double RequestsPerSecond = 20, int Burst = 40, ApiScopes Scopes = ApiScopes.Inference)
{
    /// <summary>
    /// The constitution profiles this key may choose per request (<c>X-AlignLab-Profile</c> or <c>metadata</c>): null
    /// for any, empty for the default only.
    /// </summary>
    public IReadOnlyList<string>? Profiles { get; init; }

    /// <summary>The constitution contexts this key may choose per request: null for any, empty for the default only.</summary>
    public IReadOnlyList<string>? Contexts { get; init; }
}
