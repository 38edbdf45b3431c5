using AlignLab.Diagnostics;
using AlignLab.Models;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// A model name is declared once across all files, and when the options list the allowed models (a policy sent over the API)
/// every model is one of them: same provider, model, endpoint and API key variable.
/// </summary>
internal sealed class ModelDeclarationValidator(IReadOnlyCollection<ModelSpec>? allowed) : IConstitutionValidator
{
    public void Validate(ConstitutionDraft draft, DiagnosticBag diagnostics)
    {
        foreach (var model in Accepted(draft, diagnostics))
        {
            if (allowed is not null && !allowed.Any(a => SameModel(a, model.Written)))
            {
                // Only what the policy itself says: never a key, nor the value of an environment variable.
                diagnostics.Error(DiagnosticCodes.ModelNotAllowed,
                    $"model '{model.Name}' ({model.Written.Provider}:{model.Written.Model}) is not allowed for a policy sent over the API",
                    model.KeyAt, "use a model the gateway allows, with the same provider, model, endpoint and api_key_env");
            }
        }
    }

    /// <summary>The first declaration of each name; a later one is reported to <paramref name="diagnostics"/> when given.</summary>
    internal static IEnumerable<ModelDeclaration> Accepted(ConstitutionDraft draft, DiagnosticBag? diagnostics = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in draft.Models)
        {
            if (names.Add(model.Name))
            {
                yield return model;
            }
            else
            {
                diagnostics?.Error(DiagnosticCodes.DuplicateId, $"model '{model.Name}' is declared twice", model.KeyAt);
            }
        }
    }

    private static bool SameModel(ModelSpec allowed, ModelSpec spec) =>
        string.Equals(allowed.Provider, spec.Provider, StringComparison.Ordinal)
        && string.Equals(allowed.Model, spec.Model, StringComparison.Ordinal)
        && allowed.Endpoint == spec.Endpoint
        && string.Equals(allowed.EffectiveApiKeyVariable, spec.EffectiveApiKeyVariable, StringComparison.Ordinal);
}
