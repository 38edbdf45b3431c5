using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>One rule of the constitution (<c>specific_rules</c>).</summary>
public sealed record PolicyRule
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }

    /// <summary>What the rule is for.</summary>
    public string? Description { get; init; }

    /// <summary>The pattern whose match fires the rule.</summary>
    public required PatternSpec Trigger { get; init; }

    /// <summary>A second pattern that must also match for the rule to fire (e.g. "how to|instructions").</summary>
    public PatternSpec? Context { get; init; }

    /// <summary>When set, the context must match within this many characters of the trigger (in normalised text).</summary>
    public int? ContextWindow { get; init; }

    /// <summary>An exception: when it matches, the rule does not fire (e.g. "life hack").</summary>
    public PatternSpec? Unless { get; init; }

    /// <summary>What to do when the rule fires.</summary>
    public required AlignmentAction Action { get; init; }

    /// <summary>Text shown to the user for refusals and redirections, or the warning text.</summary>
    public string? Message { get; init; }

    /// <summary>Disclaimer appended by <see cref="AlignmentAction.AddDisclaimer"/>.</summary>
    public string? Disclaimer { get; init; }

    /// <summary>Warning shown by <see cref="AlignmentAction.AddWarning"/>.</summary>
    public string? Warning { get; init; }

    /// <summary>The harm category the rule belongs to.</summary>
    public HarmCategory? Category { get; init; }

    /// <summary>How bad the subject matter is.</summary>
    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>Higher priority wins among rules with the same action.</summary>
    public int Priority { get; init; }

    /// <summary>The stages where the rule applies.</summary>
    public PolicyStage Stages { get; init; } = PolicyStage.All;

    /// <summary>Disabled rules are compiled but never fire unless a context or profile enables them.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Declaration order across all included files; the final tie-breaker.</summary>
    public int Order { get; init; }

    /// <summary>Where the rule was written.</summary>
    public required SourceLocation Location { get; init; }
}
