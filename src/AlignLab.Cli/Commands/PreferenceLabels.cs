using AlignLab.Evaluation;

namespace AlignLab.Cli.Commands;

/// <summary>What <see cref="PreferenceLabeledCases"/> read: the labelled cases and what it could not use, each counted.</summary>
/// <param name="Cases">One case per prompt that got a label.</param>
/// <param name="Pairs">Pairs read (inside the date window, for stores that have dates).</param>
/// <param name="Uninformative">Pairs where both answers or neither were refusals: they compare quality, not whether to answer.</param>
/// <param name="Conflicting">Prompts whose pairs said both "answer" and "refuse"; left out.</param>
/// <param name="Problems">Malformed lines, each with file:line; they were skipped.</param>
internal sealed record PreferenceLabels(IReadOnlyList<EvalCase> Cases, int Pairs, int Uninformative, int Conflicting, IReadOnlyList<string> Problems);
