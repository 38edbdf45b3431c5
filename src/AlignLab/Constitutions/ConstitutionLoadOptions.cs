using AlignLab.Models;

namespace AlignLab.Constitutions;

/// <summary>
/// What a constitution may do and how large it may be. <see cref="Default"/> suits policies on the operator's own
/// disk; a gateway that accepts policies over HTTP narrows <see cref="Includes"/> and <see cref="AllowedModels"/>.
/// Each limit is reported as error AL1017 at the line and column where it is passed (docs/CONSTITUTION.md, "Limits").
/// </summary>
public sealed record ConstitutionLoadOptions
{
    /// <summary>Includes relative to the including file, any model, and the default limits.</summary>
    public static ConstitutionLoadOptions Default { get; } = new();

    /// <summary>What <c>include:</c> may name (default: files relative to the including file).</summary>
    public IncludeMode Includes { get; init; } = IncludeMode.Files;

    /// <summary>The folder plain include names are looked up in; required for <see cref="IncludeMode.Folder"/>.</summary>
    public string? IncludeFolder { get; init; }

    /// <summary>
    /// Null: any model. Otherwise every <c>models:</c> entry must equal one of these in provider, model, endpoint and
    /// API-key variable, so that a policy cannot send a key to an endpoint of its own choosing.
    /// </summary>
    public IReadOnlyCollection<ModelSpec>? AllowedModels { get; init; }

    /// <summary>Lists and mappings nested inside each other (YAML nesting depth).</summary>
    public int MaxDepth { get; init; } = BoundedYaml.DefaultMaxDepth;

    /// <summary>Rules in the constitution and all its includes together.</summary>
    public int MaxRules { get; init; } = 2_000;

    /// <summary>Characters in one trigger, unless or context pattern (a list's items joined).</summary>
    public int MaxPatternLength { get; init; } = 4_096;

    /// <summary>Characters of all trigger, unless and context patterns together.</summary>
    public int MaxTotalPatternLength { get; init; } = 262_144;

    /// <summary>
    /// Patterns compiled as regular expressions, counting each item of a list (a word list matched as a substring or
    /// case-sensitively is compiled too). Word lists share one index at almost no cost; each regex is compiled into an
    /// automaton of its own, and rules run them one by one once there are too many to combine.
    /// </summary>
    public int MaxRegexPatterns { get; init; } = 256;

    /// <summary>
    /// Distinct characters, range ends and classes (<c>\w</c>, <c>\p{Lu}</c>, <c>.</c>) used by all regexes together. The
    /// linear-time engine's automaton grows with the square of this number (1,000 distinct CJK characters in one regex
    /// take 13 s and 750 MB to compile); ASCII letters count once whatever their case.
    /// </summary>
    public int MaxRegexDistinctCharacters { get; init; } = 128;

    /// <summary>Memory that compiling the policy's regexes may allocate, in bytes; compiling stops with an error past it.</summary>
    public long MaxRegexCompileBytes { get; init; } = 256L * 1024 * 1024;
}
