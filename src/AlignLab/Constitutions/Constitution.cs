using System.Collections.Immutable;

namespace AlignLab.Constitutions;

/// <summary>
/// An immutable, validated constitution: principles, rules, category policies, thresholds, stage settings,
/// contexts and profiles, merged from a file and its includes. Load one with <see cref="ConstitutionLoader"/>.
/// </summary>
public sealed record Constitution
{
    public string Name { get; init; } = "unnamed";
    public string? Version { get; init; }
    public string? Description { get; init; }

    /// <summary>The files this constitution was read from, root first.</summary>
    public ImmutableArray<string> SourceFiles { get; init; } = [];

    public ImmutableArray<Principle> Principles { get; init; } = [];
    public ImmutableArray<PolicyRule> Rules { get; init; } = [];
    public ImmutableDictionary<string, CategoryPolicy> Categories { get; init; } = ImmutableDictionary<string, CategoryPolicy>.Empty;

    /// <summary>
    /// <c>intervention_thresholds</c>: <c>safety</c> (the classifier's unsafe threshold, see <see cref="Classifier"/>) and
    /// <c>toxicity</c> (the threshold of the toxic categories, already applied to <see cref="Categories"/>), each 0–1.
    /// </summary>
    public ImmutableDictionary<string, double> Thresholds { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The <c>classifier:</c> section: what the classifier's overall unsafe score does on its own.</summary>
    public ClassifierPolicy Classifier { get; init; } = new();

    public StageSettings Stages { get; init; } = new();
    public ImmutableDictionary<string, PolicyAdjustment> Contexts { get; init; } = ImmutableDictionary<string, PolicyAdjustment>.Empty;
    public ImmutableDictionary<string, PolicyAdjustment> Profiles { get; init; } = ImmutableDictionary<string, PolicyAdjustment>.Empty;

    /// <summary>Settings read only by the runtime pipeline: models, judges, critique→revision, consensus, cache, PII, review queue.</summary>
    public RuntimeSettings Runtime { get; init; } = new();

    /// <summary>Message used by <see cref="AlignmentAction.Block"/> rules that do not give one.</summary>
    public string DefaultBlockMessage { get; init; } = "This request was blocked by policy.";

    /// <summary>Message used by <see cref="AlignmentAction.RedirectPositive"/> rules that do not give one.</summary>
    public string DefaultRedirectMessage { get; init; } = "I can't help with that, but I'd be glad to help with a safe alternative, such as the underlying concepts, prevention, or where to find qualified help.";

    /// <summary>Message used by <see cref="AlignmentAction.Escalate"/> rules that do not give one.</summary>
    public string DefaultEscalationMessage { get; init; } = "This request has been passed to a human reviewer. You'll get an answer once it has been reviewed.";

    /// <summary>Disclaimer used when an add_disclaimer action (e.g. set by a profile) has no text of its own.</summary>
    public string DefaultDisclaimer { get; init; } = "This is general information, not professional advice.";

    /// <summary>Warning used when an add_warning action has no text of its own.</summary>
    public string DefaultWarning { get; init; } = "Please take care: this topic involves risk.";

    /// <summary>Looks a rule up by id.</summary>
    public PolicyRule? FindRule(string id) => Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}
