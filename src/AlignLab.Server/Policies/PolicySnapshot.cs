using AlignLab.Constitutions;
using AlignLab.Runtime.Pipeline;
using AlignLab.Server.Profiles;

namespace AlignLab.Server.Policies;

/// <summary>
/// One loaded, validated constitution of an arm, with everything built from it. Immutable: a reload builds a
/// new snapshot and swaps it in, so a request keeps the snapshot it started with. The snapshot owns its pipeline and its
/// clients: <see cref="PolicyArm"/> disposes it once it has been replaced and the last request holding it (through a
/// <see cref="PolicyLease"/>) has finished.
/// </summary>
/// <param name="Arm">The arm name ("a" or "b").</param>
/// <param name="Constitution">The constitution.</param>
/// <param name="Source">Where it came from (a file path, or "embedded default" / "inline").</param>
/// <param name="Yaml">The YAML text it was loaded from (for the editor), or null for the embedded default.</param>
/// <param name="Version">SHA-256 of the YAML text (first 12 hex digits), so the audit log says which version decided.</param>
/// <param name="LoadedAt">When it was loaded.</param>
/// <param name="Pipeline">The alignment pipeline built from it.</param>
/// <param name="Client">The aligned upstream client, or null when the gateway has no upstream model.</param>
/// <param name="Upstream">The upstream model itself, unguarded (for side-by-side comparisons), or null.</param>
public sealed record PolicySnapshot(
    string Arm,
    Constitution Constitution,
    string Source,
    string? Yaml,
    string Version,
    DateTimeOffset LoadedAt,
    AlignmentPipeline Pipeline,
    AlignedChatClient? Client,
    Microsoft.Extensions.AI.IChatClient? Upstream) : IDisposable
{
    /// <summary>
    /// The same policy under the contexts and profiles requests asked for, built on first use and disposed with this
    /// snapshot (null on those variants themselves).
    /// </summary>
    internal SelectionVariants? Variants { get; init; }

    /// <summary>The snapshot deciding under <paramref name="selection"/>: this one when it is the default, else its variant.</summary>
    internal PolicySnapshot For(RequestSelection selection) => Variants is null ? this : Variants.For(this, selection);

    /// <summary>Disposes the aligned client, the upstream client and the pipeline (with the judge clients it owns).</summary>
    public void Dispose()
    {
        Variants?.Dispose();
        // The aligned client wraps the upstream, and disposing it disposes the upstream.
        if (Client is not null)
        {
            Client.Dispose();
        }
        else
        {
            Upstream?.Dispose();
        }

        Pipeline.Dispose();
    }
}
