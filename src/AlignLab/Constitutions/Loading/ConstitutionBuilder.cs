using System.Collections.Immutable;
using AlignLab.Diagnostics;

namespace AlignLab.Constitutions.Loading;

/// <summary>Builds the constitution from a draft the validators passed.</summary>
internal static class ConstitutionBuilder
{
    public static Constitution Build(ConstitutionDraft draft)
    {
        var c = new Constitution
        {
            Name = draft.Name ?? Path.GetFileNameWithoutExtension(draft.Files.FirstOrDefault() ?? "constitution"),
            Version = draft.Version,
            Description = draft.Description,
            SourceFiles = [.. draft.Files],
            Principles = [.. draft.Principles],
            Rules = [.. draft.Rules],
            Categories = WithToxicity(draft).ToImmutableDictionary(StringComparer.Ordinal),
            Classifier = draft.Classifier,
            Thresholds = draft.Thresholds.ToImmutableDictionary(StringComparer.Ordinal),
            Stages = draft.Stages,
            Contexts = draft.Contexts.ToImmutableDictionary(StringComparer.Ordinal),
            Profiles = draft.Profiles.ToImmutableDictionary(StringComparer.Ordinal),
            Runtime = new RuntimeSettings
            {
                Models = ModelDeclarationValidator.Accepted(draft).ToImmutableDictionary(m => m.Name, m => m.Spec, StringComparer.Ordinal),
                Judges = [.. RuntimeReferenceValidator.Accepted(draft).Select(j => j.Spec)],
                CritiqueRevision = draft.Critique,
                Consensus = draft.Consensus,
                Cache = draft.Cache,
                ContextInjection = draft.ContextInjection,
                Pii = draft.Pii,
                ReviewQueuePath = draft.ReviewQueuePath,
            },
        };
        return c with
        {
            DefaultBlockMessage = draft.BlockMessage ?? c.DefaultBlockMessage,
            DefaultRedirectMessage = draft.RedirectMessage ?? c.DefaultRedirectMessage,
            DefaultEscalationMessage = draft.EscalateMessage ?? c.DefaultEscalationMessage,
        };
    }

    /// <summary>
    /// The categories with <c>intervention_thresholds.toxicity</c> applied: it is the threshold of each toxic category that
    /// does not give its own, and a toxic category the file does not list is checked at it with the classifier's action.
    /// </summary>
    private static Dictionary<string, CategoryPolicy> WithToxicity(ConstitutionDraft draft)
    {
        if (!draft.Thresholds.TryGetValue(ThresholdNames.Toxicity, out var toxicity))
        {
            return draft.Categories;
        }

        var result = new Dictionary<string, CategoryPolicy>(draft.Categories, StringComparer.Ordinal);
        var where = draft.ThresholdKeys.GetValueOrDefault(ThresholdNames.Toxicity, SourceLocation.FileOnly("intervention_thresholds"));
        foreach (var category in ThresholdNames.ToxicCategories)
        {
            if (result.TryGetValue(category.Id, out var policy))
            {
                if (!draft.OwnThresholds.Contains(category.Id))
                {
                    result[category.Id] = policy with { Threshold = toxicity };
                }
            }
            else
            {
                var message = $"I can't help with that request ({category.DisplayName.ToLowerInvariant()}).";
                result[category.Id] = new CategoryPolicy(category, toxicity, draft.Classifier.Action, message, PolicyStage.All, true, where);
            }
        }

        return result;
    }
}
