using System.Security.Cryptography;
using System.Text;
using AlignLab.Classification;
using AlignLab.Constitutions;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Runtime.Pipeline;
using AlignLab.Runtime.Review;
using AlignLab.Server.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AlignLab.Server.Policies;

/// <summary>Builds a <see cref="PolicySnapshot"/> (pipeline and aligned client) from a loaded constitution.</summary>
public sealed class PolicyBuilder
{
    private readonly Func<ModelSpec, IChatClient> _clientFor;
    private readonly string? _upstream;
    private readonly SafetyClassifier? _classifier;
    private readonly IReviewQueue? _reviewQueue;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;

    /// <param name="clientFor">Creates chat clients for model specs (upstream, judges, critics).</param>
    /// <param name="upstream">The guarded model: a spec, or a name from the policy's <c>models:</c>; null for none.</param>
    /// <param name="classifier">Classifier (null: the embedded default).</param>
    /// <param name="reviewQueue">Shared review queue overriding the policy's <c>review_queue</c>, or null.</param>
    /// <param name="time">Time source.</param>
    /// <param name="logger">Pipeline logger.</param>
    public PolicyBuilder(Func<ModelSpec, IChatClient> clientFor, string? upstream, SafetyClassifier? classifier, IReviewQueue? reviewQueue, TimeProvider time, ILogger? logger = null)
    {
        _clientFor = clientFor;
        _upstream = upstream;
        _classifier = classifier;
        _reviewQueue = reviewQueue;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether an upstream model is configured.</summary>
    public bool HasUpstream => _upstream is not null;

    /// <summary>The upstream as a spec when it was given as one (null when none, or when it names a policy's model).</summary>
    public ModelSpec? UpstreamSpec => _upstream is null ? null : ModelSpec.TryParse(_upstream, out _);

    /// <summary>
    /// Builds the snapshot; throws <see cref="ArgumentException"/> when the policy cannot be run (e.g. an unknown upstream
    /// name). The snapshot owns every client made here (the caller disposes it); on failure they are disposed at once.
    /// </summary>
    public PolicySnapshot Build(string arm, Constitution constitution, string source, string? yaml)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        IChatClient? upstream = null;
        if (_upstream is not null)
        {
            var spec = constitution.Runtime.Models.TryGetValue(_upstream, out var named)
                ? named
                : ModelSpec.TryParse(_upstream, out var error)
                    ?? throw new ArgumentException($"upstream '{_upstream}' is not under models: in {source} (arm {arm}), nor provider:model ({error})");
            upstream = _clientFor(spec);
        }

        try
        {
            return Build(arm, constitution, source, yaml, upstream);
        }
        catch
        {
            upstream?.Dispose();
            throw;
        }
    }

    private PolicySnapshot Build(string arm, Constitution constitution, string source, string? yaml, IChatClient? upstream)
    {
        if (_reviewQueue is not null && constitution.Runtime.ReviewQueuePath is not null)
        {
            // The gateway's own queue serves every policy: a policy's review_queue.path is never opened (an uploaded
            // policy could otherwise create a SQLite file anywhere the process may write).
            constitution = constitution with { Runtime = constitution.Runtime with { ReviewQueuePath = null } };
        }

        var pipeline = CreatePipeline(constitution, upstream, null, null);

        // The snapshot owns the upstream; disposing it disposes the aligned client, which disposes the upstream it wraps.
        var client = upstream is null ? null : new AlignedChatClient(upstream, pipeline);
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml ?? "embedded:" + constitution.Name)))[..12];
        return new PolicySnapshot(arm, constitution, source, yaml, version, _time.GetUtcNow(), pipeline, client, upstream)
        {
            Variants = new SelectionVariants(Variant),
        };
    }

    /// <summary>
    /// The snapshot of <paramref name="snapshot"/>'s policy under another context or profile (issue 19 item 6): its own
    /// pipeline (rules, judges and cache for that selection) around the same upstream, which it does not own.
    /// </summary>
    private PolicySnapshot Variant(PolicySnapshot snapshot, string? context, string? profile)
    {
        var pipeline = CreatePipeline(snapshot.Constitution, snapshot.Upstream, context, profile);
        var client = snapshot.Upstream is null ? null : new AlignedChatClient(new NonOwningChatClient(snapshot.Upstream), pipeline);
        return snapshot with { Pipeline = pipeline, Client = client, Variants = null };
    }

    private AlignmentPipeline CreatePipeline(Constitution constitution, IChatClient? upstream, string? context, string? profile)
    {
        var options = ConstitutionRuntime.CreateOptions(constitution, _clientFor, upstream, _classifier, _time);
        options.Context = context;
        options.Profile = profile;
        if (_classifier is not null)
        {
            options.Classifier = _classifier;
        }

        if (_reviewQueue is not null)
        {
            options.ReviewQueue = _reviewQueue;
        }

        try
        {
            return new AlignmentPipeline(options, _logger);
        }
        catch
        {
            foreach (var owned in options.OwnedResources)
            {
                owned.Dispose();
            }

            throw;
        }
    }

    /// <summary>Creates a chat client for <paramref name="spec"/> the way the snapshots' clients are made; the caller disposes it.</summary>
    public IChatClient CreateClient(ModelSpec spec) => _clientFor(spec);

    /// <summary>Creates a chat client for the default provider factory.</summary>
    public static IChatClient DefaultClientFor(ModelSpec spec) => ChatClientFactory.Create(spec, ProviderOptions.Default);
}
