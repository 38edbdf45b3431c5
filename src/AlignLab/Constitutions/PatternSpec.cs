using AlignLab.Diagnostics;

namespace AlignLab.Constitutions;

/// <summary>
/// A trigger, context or exception pattern as written in the constitution: a regular expression
/// (most often a plain alternation of words such as <c>illegal|crime|hack</c>), evaluated against
/// normalised text with the linear-time regex engine.
/// </summary>
/// <param name="Pattern">The pattern text.</param>
/// <param name="Mode">How the pattern lines up with words.</param>
/// <param name="CaseSensitive">When true the pattern is matched against the original text, case-sensitively.</param>
/// <param name="Location">Where the pattern was written.</param>
public sealed record PatternSpec(string Pattern, MatchMode Mode, bool CaseSensitive, SourceLocation Location);
