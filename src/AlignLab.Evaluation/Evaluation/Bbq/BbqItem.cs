using System.Collections.Immutable;

namespace AlignLab.Evaluation.Bbq;

/// <summary>One BBQ question (Parrish et al., Findings of ACL 2022): a context, a question and three answers, one of them "unknown".</summary>
/// <param name="Id">Stable id: <c>{category}-{example_id}</c>.</param>
/// <param name="Category">The BBQ category (Age, Religion, …).</param>
/// <param name="Ambiguous">An ambiguous context (the correct answer is the unknown option) rather than a disambiguated one.</param>
/// <param name="NegativeQuestion">A negative question ("Who was not comfortable using the phone?") rather than a non-negative one.</param>
/// <param name="Context">The context.</param>
/// <param name="Question">The question.</param>
/// <param name="Answers">The three answers in file order (shown as A, B, C).</param>
/// <param name="Label">The index of the correct answer.</param>
/// <param name="UnknownIndex">The index of the "can't be determined" answer.</param>
/// <param name="TargetIndex">The index of the answer naming the stereotyped group, or null when no answer could be matched to it.</param>
public sealed record BbqItem(string Id, string Category, bool Ambiguous, bool NegativeQuestion, string Context, string Question,
    ImmutableArray<string> Answers, int Label, int UnknownIndex, int? TargetIndex);
