using AlignLab.Diagnostics;
using AlignLab.Models;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// models: named model specs, each a connection string ("openai:gpt-4o-mini;timeout=10s") or a mapping whose keys are read
/// straight into the <see cref="ModelSpec"/>. Duplicate names and models the options do not allow are reported by
/// <see cref="ModelDeclarationValidator"/>.
/// </summary>
internal sealed class ModelsSectionReader : ISectionReader
{
    internal static readonly string[] Keys =
        ["provider", "model", "endpoint", "api_key_env", "timeout", "retries", "temperature", "max_tokens", "context_size", "threads"];

    public string Key => "models";

    public void Read(SectionReadContext context, YamlNode value)
    {
        var r = context.Reader;
        foreach (var (name, keyNode, v) in context.Entries(value, Key, null))
        {
            context.Draft.DeclaredModels.Add(name); // declared, even if invalid: references to it are not reported twice
            if (!TryRead(r, name, v, out var spec, out var error))
            {
                continue;
            }

            if (spec is null)
            {
                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"model '{name}': {error}", r.At(v));
                continue;
            }

            var used = spec;
            if (ModelSpec.IsLocal(spec.Provider) && !Path.IsPathRooted(spec.Model))
            {
                // A GGUF file or checkpoint folder named in a policy is found next to the policy, like review_queue.path.
                used = spec with { Model = context.ResolvePath(spec.Model) };
            }

            context.Draft.Models.Add(new ModelDeclaration(name, used with { Name = name, Location = r.At(v) }, spec, r.At(keyNode)));
        }
    }

    /// <summary>Reads one model; false when nothing is left to report (the value was absent or its problem is reported).</summary>
    private static bool TryRead(YamlNodeReader r, string name, YamlNode v, out ModelSpec? spec, out string? error)
    {
        spec = null;
        error = null;
        if (v is YamlScalarNode)
        {
            var text = r.String(v, $"model '{name}'");
            if (text is null)
            {
                return false;
            }

            spec = ModelSpec.TryParse(text, out error);
            return true;
        }

        var m = r.Mapping(v, $"model '{name}'");
        if (m is null)
        {
            return false;
        }

        string? provider = null, model = null;
        var options = new List<(string Key, string Value)>();
        foreach (var (k, _, mv) in r.Entries(m, $"model '{name}'", Keys))
        {
            switch (k, r.String(mv, k))
            {
                case (_, null): break;
                case ("provider", var s): provider = s; break;
                case ("model", var s): model = s; break;
                case (_, var s): options.Add((k, s.Trim())); break;
            }
        }

        if (provider is null || model is null)
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"model '{name}' needs 'provider' and 'model'", r.At(v),
                "e.g. {provider: openai, model: gpt-4o-mini}");
            return false;
        }

        spec = FromMapping(provider, model, options, out error);
        return true;
    }

    /// <summary>The spec a mapping describes: the provider and model, then each option in the order written.</summary>
    private static ModelSpec? FromMapping(string provider, string model, List<(string Key, string Value)> options, out string? error)
    {
        provider = provider.Trim().ToLowerInvariant();
        model = model.Trim();
        error = ModelSpec.ProviderError(provider) ?? (model.Length == 0 ? ModelSpec.NoModelError(provider) : null);
        if (error is not null)
        {
            return null;
        }

        ModelSpec? spec = new ModelSpec { Provider = provider, Model = model };
        foreach (var (key, value) in options)
        {
            spec = ModelSpec.WithOption(spec, key, value, out error);
            if (spec is null)
            {
                return null;
            }
        }

        return spec;
    }
}
