using System.Collections.Immutable;
using AlignLab.Models;

namespace AlignLab.Constitutions;

/// <summary>
/// The parts of a constitution that only the runtime pipeline reads: named models, LLM judges, critique→revision,
/// multi-model consensus, the decision cache, context injection, PII redaction and the review queue.
/// </summary>
public sealed record RuntimeSettings
{
    /// <summary><c>models:</c> named model connections (judges, critics and validators refer to them by name).</summary>
    public ImmutableDictionary<string, ModelSpec> Models { get; init; } = ImmutableDictionary<string, ModelSpec>.Empty;

    /// <summary><c>judges:</c> chat models used as detectors.</summary>
    public ImmutableArray<JudgeSpec> Judges { get; init; } = [];

    /// <summary><c>critique_revision:</c>.</summary>
    public CritiqueSettings CritiqueRevision { get; init; } = new();

    /// <summary><c>consensus:</c>.</summary>
    public ConsensusSettings Consensus { get; init; } = new();

    /// <summary><c>cache:</c>.</summary>
    public CacheSettings Cache { get; init; } = new();

    /// <summary><c>context_injection:</c>.</summary>
    public ContextInjectionSettings ContextInjection { get; init; } = new();

    /// <summary><c>pii:</c>.</summary>
    public PiiSettings Pii { get; init; } = new();

    /// <summary><c>review_queue:</c> where escalations are stored; null means in memory only.</summary>
    public string? ReviewQueuePath { get; init; }
}
