using AlignLab.Diagnostics;
using AlignLab.Models;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// What the section readers have read so far from a file and its includes: later files override or add to what earlier ones
/// set. It keeps what the validators check (every declared id with its position) as well as what the constitution is built from.
/// </summary>
internal sealed class ConstitutionDraft
{
    public List<string> Files { get; } = [];

    public string? Name { get; set; }

    public string? Version { get; set; }

    public string? Description { get; set; }

    /// <summary>Every principle with an id and a description, duplicates included (the validators report them).</summary>
    public List<Principle> Principles { get; } = [];

    /// <summary>The rules that read without an error of their own, duplicates included.</summary>
    public List<PolicyRule> Rules { get; } = [];

    /// <summary>The id of every rule that has one, with the id's position, in file order (valid or not).</summary>
    public List<(string Id, SourceLocation Where)> RuleIds { get; } = [];

    public Dictionary<string, CategoryPolicy> Categories { get; } = new(StringComparer.Ordinal);

    /// <summary>Categories that set their own threshold, which intervention_thresholds.toxicity does not replace.</summary>
    public HashSet<string> OwnThresholds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> Thresholds { get; } = new(StringComparer.Ordinal);

    /// <summary>Where each intervention threshold was set.</summary>
    public Dictionary<string, SourceLocation> ThresholdKeys { get; } = new(StringComparer.Ordinal);

    public ClassifierPolicy Classifier { get; set; } = new();

    public StageSettings Stages { get; set; } = new();

    public Dictionary<string, PolicyAdjustment> Contexts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PolicyAdjustment> Profiles { get; } = new(StringComparer.Ordinal);

    public string? BlockMessage { get; set; }

    public string? RedirectMessage { get; set; }

    public string? EscalateMessage { get; set; }

    /// <summary>Every model name written under models:, even one whose spec is invalid (references to it are not reported).</summary>
    public HashSet<string> DeclaredModels { get; } = new(StringComparer.Ordinal);

    /// <summary>The models that read, in file order, duplicates included.</summary>
    public List<ModelDeclaration> Models { get; } = [];

    /// <summary>The judges that read, in file order, duplicates included.</summary>
    public List<JudgeDeclaration> Judges { get; } = [];

    /// <summary>Models named outside models: and judges: (the critic and reviser), with where and by what.</summary>
    public List<(string Name, SourceLocation Where, string What)> ModelReferences { get; } = [];

    public CritiqueSettings Critique { get; set; } = new();

    public ConsensusSettings Consensus { get; set; } = new();

    public CacheSettings Cache { get; set; } = new();

    public ContextInjectionSettings ContextInjection { get; set; } = new();

    public PiiSettings Pii { get; set; } = new();

    public string? ReviewQueuePath { get; set; }
}
