using System.Collections.Immutable;
using AlignLab.Diagnostics;
using AlignLab.Models;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitution;

// The runtime sections of a constitution: models, judges, critique_revision, consensus, cache, context_injection, pii, review_queue.
public static partial class ConstitutionLoader
{
    internal static readonly string[] ModelKeys =
        ["provider", "model", "endpoint", "api_key_env", "timeout", "retries", "temperature", "max_tokens", "context_size", "threads"];
    internal static readonly string[] JudgeKeys = ["id", "model", "template", "prompt", "stages", "threshold", "timeout", "when"];
    internal static readonly string[] CritiqueKeys = ["enabled", "critic", "reviser", "max_rounds", "principles_per_round", "min_improvement", "seed", "timeout"];
    internal static readonly string[] ConsensusKeys =
        ["enabled", "validators", "approval_threshold", "require_majority", "disagreement_threshold", "escalate_to_human", "on_validator_failure", "stages"];

    internal static readonly string[] ValidatorKeys = ["id", "detector", "weight", "role", "veto_power"];
    internal static readonly string[] CacheKeys = ["enabled", "max_entries", "ttl"];
    internal static readonly string[] ContextInjectionKeys = ["enabled", "min_score", "guidance"];
    internal static readonly string[] PiiKeys = ["enabled", "kinds", "stages"];
    internal static readonly string[] ReviewQueueKeys = ["path"];
    internal static readonly string[] ValidatorFailureModes = ["abstain", "unsafe", "fail"];
    internal static readonly string[] BuiltInDetectors = ["classifier", "rules"];

    private sealed partial class LoadState
    {
        private readonly Dictionary<string, ModelSpec> _models = new(StringComparer.Ordinal);
        private readonly HashSet<string> _declaredModels = new(StringComparer.Ordinal);
        private readonly List<JudgeSpec> _judges = [];
        private readonly List<(string Name, SourceLocation Where, string What)> _modelRefs = [];
        private CritiqueSettings _critique = new();
        private ConsensusSettings _consensus = new();
        private CacheSettings _cache = new();
        private ContextInjectionSettings _injection = new();
        private PiiSettings _pii = new();
        private string? _reviewQueuePath;

        private void ReadRuntimeSection(YamlNodeReader r, string key, YamlNode value, string fullPath)
        {
            switch (key)
            {
                case "models": ReadModels(r, value, fullPath); break;
                case "judges": ReadJudges(r, value); break;
                case "critique_revision": ReadCritique(r, value); break;
                case "consensus": ReadConsensus(r, value); break;
                case "cache": ReadCache(r, value); break;
                case "context_injection": ReadContextInjection(r, value); break;
                case "pii": ReadPii(r, value); break;
                case "review_queue": ReadReviewQueue(r, value, fullPath); break;
            }
        }

        private RuntimeSettings BuildRuntime() => new()
        {
            Models = _models.ToImmutableDictionary(StringComparer.Ordinal),
            Judges = [.. _judges],
            CritiqueRevision = _critique,
            Consensus = _consensus,
            Cache = _cache,
            ContextInjection = _injection,
            Pii = _pii,
            ReviewQueuePath = _reviewQueuePath,
        };

        private void CheckRuntimeReferences()
        {
            var modelNames = _declaredModels.ToList();
            foreach (var (name, where, what) in _modelRefs)
            {
                if (!_declaredModels.Contains(name))
                {
                    _diagnostics.Error(DiagnosticCodes.UnknownReference, $"{what} refers to unknown model '{name}'", where,
                        Suggestions.Closest(name, modelNames) is { } s ? $"did you mean '{s}'?" : "declare it under 'models:'");
                }
            }

            var detectorNames = BuiltInDetectors.Concat(_judges.Select(j => j.Id)).ToList();
            foreach (var v in _consensus.Validators)
            {
                if (!detectorNames.Contains(v.Detector, StringComparer.Ordinal))
                {
                    _diagnostics.Error(DiagnosticCodes.UnknownReference, $"validator '{v.Id}' uses unknown detector '{v.Detector}'", v.Location,
                        Suggestions.Hint(v.Detector, detectorNames));
                }
            }
        }

        private void ReadModels(YamlNodeReader r, YamlNode value, string fullPath)
        {
            var map = r.Mapping(value, "models");
            if (map is null)
            {
                return;
            }

            foreach (var (name, keyNode, v) in r.Entries(map, "models", null))
            {
                _declaredModels.Add(name); // declared, even if invalid: references to it are not reported twice
                ModelSpec? spec;
                string? error;
                if (v is YamlScalarNode)
                {
                    var text = r.String(v, $"model '{name}'");
                    if (text is null)
                    {
                        continue;
                    }

                    spec = ModelSpec.TryParse(text, out error);
                }
                else
                {
                    var m = r.Mapping(v, $"model '{name}'");
                    if (m is null)
                    {
                        continue;
                    }

                    string? provider = null, model = null;
                    var options = new List<string>();
                    foreach (var (k, _, mv) in r.Entries(m, $"model '{name}'", ModelKeys))
                    {
                        var s = r.String(mv, k);
                        if (s is null)
                        {
                            continue;
                        }

                        switch (k)
                        {
                            case "provider": provider = s; break;
                            case "model": model = s; break;
                            default: options.Add($"{k}={s}"); break;
                        }
                    }

                    if (provider is null || model is null)
                    {
                        r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"model '{name}' needs 'provider' and 'model'", r.At(v), "e.g. {provider: openai, model: gpt-4o-mini}");
                        continue;
                    }

                    spec = ModelSpec.TryParse(string.Join(';', [$"{provider}:{model}", .. options]), out error);
                }

                if (spec is null)
                {
                    r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"model '{name}': {error}", r.At(v));
                    continue;
                }

                if (_models.ContainsKey(name))
                {
                    r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"model '{name}' is declared twice", r.At(keyNode));
                    continue;
                }

                if (_options.AllowedModels is { } allowed && !allowed.Any(a => SameModel(a, spec)))
                {
                    // Only what the policy itself says: never a key, nor the value of an environment variable.
                    r.Diagnostics.Error(DiagnosticCodes.ModelNotAllowed,
                        $"model '{name}' ({spec.Provider}:{spec.Model}) is not allowed for a policy sent over the API",
                        r.At(keyNode), "use a model the gateway allows, with the same provider, model, endpoint and api_key_env");
                    continue;
                }

                if (spec.Provider == ModelSpec.Llama && !Path.IsPathRooted(spec.Model) && Path.GetDirectoryName(fullPath) is { Length: > 0 } dir)
                {
                    // A GGUF file named in a policy is found next to the policy, like review_queue.path.
                    spec = spec with { Model = Path.GetFullPath(Path.Combine(dir, spec.Model)) };
                }

                _models[name] = spec with { Name = name, Location = r.At(v) };
            }
        }

        private void ReadJudges(YamlNodeReader r, YamlNode value)
        {
            var seq = r.Sequence(value, "judges");
            if (seq is null)
            {
                return;
            }

            foreach (var item in seq.Children)
            {
                var m = r.Mapping(item, "judge");
                if (m is null)
                {
                    continue;
                }

                string? id = null, model = null, prompt = null;
                var template = "llama_guard";
                var stages = PolicyStage.Input | PolicyStage.Output;
                var threshold = 0.5;
                var timeout = TimeSpan.FromSeconds(30);
                YamlNode? modelNode = null;
                var when = JudgeWhen.Always;
                SourceLocation? whenAt = null;
                foreach (var (k, _, v) in r.Entries(m, "judge", JudgeKeys))
                {
                    switch (k)
                    {
                        case "id": id = r.String(v, "id"); break;
                        case "model": model = r.String(v, "model"); modelNode = v; break;
                        case "prompt": prompt = r.String(v, "prompt"); break;
                        case "template":
                            var t = r.String(v, "template");
                            if (t is not null && !JudgeSpec.Templates.Contains(t))
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown judge template '{YamlNodeReader.Shorten(t)}'", r.At(v), Suggestions.Hint(t, [.. JudgeSpec.Templates]));
                            }
                            else if (t is not null)
                            {
                                template = t;
                            }

                            break;
                        case "stages":
                            if (v is YamlSequenceNode { Children.Count: 0 })
                            {
                                stages = PolicyStage.None; // only a consensus validator
                                break;
                            }

                            var st = ReadStageList(r, v);
                            if (st is { } s && (s & PolicyStage.Streaming) != 0)
                            {
                                r.Diagnostics.Error(DiagnosticCodes.UnknownStage, "judges run on input and output only", r.At(v), "streaming checks use the classifier and rules");
                            }
                            else if (st is not null)
                            {
                                stages = st.Value;
                            }

                            break;
                        case "threshold": threshold = r.Probability(v, "threshold") ?? threshold; break;
                        case "timeout": timeout = Duration(r, v, "timeout") ?? timeout; break;
                        case "when": (when, whenAt) = (ReadJudgeWhen(r, v) ?? when, r.At(v)); break;
                    }
                }

                if (id is null || model is null)
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a judge needs 'id' and 'model'", r.At(item));
                    continue;
                }

                if (template == "custom" && string.IsNullOrWhiteSpace(prompt))
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"judge '{id}' uses the custom template but has no 'prompt'", r.At(item), "write a prompt with {prompt} and/or {response}");
                    continue;
                }

                if (_judges.Any(j => j.Id == id) || BuiltInDetectors.Contains(id))
                {
                    r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"judge id '{id}' is already used", r.At(item));
                    continue;
                }

                _modelRefs.Add((model, r.At(modelNode!), $"judge '{id}'"));
                _judges.Add(new JudgeSpec(id, model, template, prompt, stages, threshold, timeout, r.At(item)) { When = when });
                if (when == JudgeWhen.Uncertain)
                {
                    _uncertainJudges.Add((id, whenAt ?? r.At(item)));
                }
            }
        }

        private void ReadCritique(YamlNodeReader r, YamlNode value)
        {
            var m = r.Mapping(value, "critique_revision");
            if (m is null)
            {
                return;
            }

            var c = _critique with { Enabled = true };
            foreach (var (k, _, v) in r.Entries(m, "critique_revision", CritiqueKeys))
            {
                switch (k)
                {
                    case "enabled": c = c with { Enabled = r.Boolean(v, k) ?? c.Enabled }; break;
                    case "critic":
                        c = c with { Critic = r.String(v, k) };
                        if (c.Critic is not null)
                        {
                            _modelRefs.Add((c.Critic, r.At(v), "critique_revision.critic"));
                        }

                        break;
                    case "reviser":
                        c = c with { Reviser = r.String(v, k) };
                        if (c.Reviser is not null)
                        {
                            _modelRefs.Add((c.Reviser, r.At(v), "critique_revision.reviser"));
                        }

                        break;
                    case "max_rounds": c = c with { MaxRounds = r.Integer(v, k, 1, 10) ?? c.MaxRounds }; break;
                    case "principles_per_round": c = c with { PrinciplesPerRound = r.Integer(v, k, 1, 20) ?? c.PrinciplesPerRound }; break;
                    case "min_improvement":
                        var mi = r.Number(v, k);
                        if (mi is < 0 or > 10)
                        {
                            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "min_improvement is on the critic's 0–10 scale", r.At(v));
                        }
                        else if (mi is not null)
                        {
                            c = c with { MinImprovement = mi.Value };
                        }

                        break;
                    case "seed": c = c with { Seed = r.Integer(v, k, int.MinValue, int.MaxValue) ?? c.Seed }; break;
                    case "timeout": c = c with { Timeout = Duration(r, v, k) ?? c.Timeout }; break;
                }
            }

            _critique = c;
        }

        private void ReadConsensus(YamlNodeReader r, YamlNode value)
        {
            var m = r.Mapping(value, "consensus");
            if (m is null)
            {
                return;
            }

            var c = _consensus with { Enabled = true };
            foreach (var (k, _, v) in r.Entries(m, "consensus", ConsensusKeys))
            {
                switch (k)
                {
                    case "enabled": c = c with { Enabled = r.Boolean(v, k) ?? c.Enabled }; break;
                    case "validators": c = c with { Validators = ReadValidators(r, v) }; break;
                    case "approval_threshold": c = c with { ApprovalThreshold = r.Probability(v, k) ?? c.ApprovalThreshold }; break;
                    case "require_majority": c = c with { RequireMajority = r.Boolean(v, k) ?? c.RequireMajority }; break;
                    case "disagreement_threshold": c = c with { DisagreementThreshold = r.Probability(v, k) ?? c.DisagreementThreshold }; break;
                    case "escalate_to_human": c = c with { EscalateToHuman = r.Boolean(v, k) ?? c.EscalateToHuman }; break;
                    case "on_validator_failure":
                        var f = r.String(v, k);
                        if (f is not null && !ValidatorFailureModes.Contains(f))
                        {
                            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown on_validator_failure '{YamlNodeReader.Shorten(f)}'", r.At(v), Suggestions.Hint(f, ValidatorFailureModes));
                        }
                        else if (f is not null)
                        {
                            c = c with { OnValidatorFailure = f };
                        }

                        break;
                    case "stages":
                        var st = ReadStageList(r, v);
                        if (st is { } s && (s & PolicyStage.Streaming) != 0)
                        {
                            r.Diagnostics.Error(DiagnosticCodes.UnknownStage, "consensus runs on input and output only", r.At(v));
                        }
                        else if (st is not null)
                        {
                            c = c with { Stages = st.Value };
                        }

                        break;
                }
            }

            if (c.Enabled && c.Validators.IsEmpty)
            {
                r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "consensus is enabled but has no validators", r.At(value), "list validators, e.g. - {id: classifier, detector: classifier, weight: 1}");
            }

            _consensus = c;
        }

        private static ImmutableArray<ValidatorSpec> ReadValidators(YamlNodeReader r, YamlNode value)
        {
            var seq = r.Sequence(value, "validators");
            if (seq is null)
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ValidatorSpec>();
            foreach (var item in seq.Children)
            {
                var m = r.Mapping(item, "validator");
                if (m is null)
                {
                    continue;
                }

                string? id = null, detector = null;
                var role = "safety";
                var weight = 1.0;
                var veto = ImmutableArray<string>.Empty;
                foreach (var (k, _, v) in r.Entries(m, "validator", ValidatorKeys))
                {
                    switch (k)
                    {
                        case "id": id = r.String(v, k); break;
                        case "detector": detector = r.String(v, k); break;
                        case "role": role = r.String(v, k) ?? role; break;
                        case "weight":
                            var w = r.Number(v, k);
                            if (w is <= 0)
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "weight must be greater than 0", r.At(v));
                            }
                            else if (w is not null)
                            {
                                weight = w.Value;
                            }

                            break;
                        case "veto_power":
                            var list = ImmutableArray.CreateBuilder<string>();
                            foreach (var (cat, node) in r.StringList(v, k))
                            {
                                if (cat == "*")
                                {
                                    list.Add(cat);
                                }
                                else if (HarmCategory.TryFind(cat, out var hc))
                                {
                                    list.Add(hc.Id);
                                }
                                else
                                {
                                    r.Diagnostics.Error(DiagnosticCodes.UnknownCategory, $"unknown category '{YamlNodeReader.Shorten(cat)}' in veto_power", r.At(node), Suggestions.Hint(cat, [.. HarmCategory.Ids, "*"]));
                                }
                            }

                            veto = list.ToImmutable();
                            break;
                    }
                }

                if (id is null)
                {
                    r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a validator needs an 'id'", r.At(item));
                    continue;
                }

                if (result.Any(x => x.Id == id))
                {
                    r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"validator id '{id}' is used twice", r.At(item));
                    continue;
                }

                result.Add(new ValidatorSpec(id, detector ?? id, weight, role, veto, r.At(item)));
            }

            return result.ToImmutable();
        }

        private void ReadCache(YamlNodeReader r, YamlNode value)
        {
            var m = r.Mapping(value, "cache");
            if (m is null)
            {
                return;
            }

            foreach (var (k, _, v) in r.Entries(m, "cache", CacheKeys))
            {
                _cache = k switch
                {
                    "enabled" => _cache with { Enabled = r.Boolean(v, k) ?? _cache.Enabled },
                    "max_entries" => _cache with { MaxEntries = r.Integer(v, k, 1, 10_000_000) ?? _cache.MaxEntries },
                    _ => _cache with { TimeToLive = Duration(r, v, k) ?? _cache.TimeToLive },
                };
            }
        }

        private void ReadContextInjection(YamlNodeReader r, YamlNode value)
        {
            var m = r.Mapping(value, "context_injection");
            if (m is null)
            {
                return;
            }

            foreach (var (k, _, v) in r.Entries(m, "context_injection", ContextInjectionKeys))
            {
                _injection = k switch
                {
                    "enabled" => _injection with { Enabled = r.Boolean(v, k) ?? _injection.Enabled },
                    "min_score" => _injection with { MinScore = r.Probability(v, k) ?? _injection.MinScore },
                    _ => _injection with { Guidance = r.String(v, k) ?? _injection.Guidance },
                };
            }
        }

        private void ReadPii(YamlNodeReader r, YamlNode value)
        {
            var m = r.Mapping(value, "pii");
            if (m is null)
            {
                return;
            }

            foreach (var (k, _, v) in r.Entries(m, "pii", PiiKeys))
            {
                switch (k)
                {
                    case "enabled": _pii = _pii with { Enabled = r.Boolean(v, k) ?? _pii.Enabled }; break;
                    case "kinds":
                        var kinds = ImmutableArray.CreateBuilder<string>();
                        foreach (var (kind, node) in r.StringList(v, k))
                        {
                            if (PiiSettings.KnownKinds.Contains(kind))
                            {
                                kinds.Add(kind);
                            }
                            else
                            {
                                r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"unknown PII kind '{YamlNodeReader.Shorten(kind)}'", r.At(node), Suggestions.Hint(kind, [.. PiiSettings.KnownKinds]));
                            }
                        }

                        _pii = _pii with { Kinds = kinds.ToImmutable() };
                        break;
                    case "stages":
                        _pii = _pii with { Stages = ReadStageList(r, v) ?? _pii.Stages };
                        break;
                }
            }
        }

        private void ReadReviewQueue(YamlNodeReader r, YamlNode value, string fullPath)
        {
            var m = r.Mapping(value, "review_queue");
            if (m is null)
            {
                return;
            }

            foreach (var (_, _, v) in r.Entries(m, "review_queue", ReviewQueueKeys))
            {
                var p = r.String(v, "path");
                if (p is not null)
                {
                    var dir = Path.GetDirectoryName(fullPath);
                    _reviewQueuePath = Path.IsPathRooted(p) || string.IsNullOrEmpty(dir) ? p : Path.GetFullPath(Path.Combine(dir, p));
                }
            }
        }

        private static bool SameModel(ModelSpec allowed, ModelSpec spec) =>
            string.Equals(allowed.Provider, spec.Provider, StringComparison.Ordinal)
            && string.Equals(allowed.Model, spec.Model, StringComparison.Ordinal)
            && allowed.Endpoint == spec.Endpoint
            && string.Equals(allowed.EffectiveApiKeyVariable, spec.EffectiveApiKeyVariable, StringComparison.Ordinal);

        private static TimeSpan? Duration(YamlNodeReader r, YamlNode v, string what)
        {
            var s = r.String(v, what);
            if (s is null)
            {
                return null;
            }

            if (ModelSpec.TryParseDuration(s, out var d) && d > TimeSpan.Zero)
            {
                return d;
            }

            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"{what} '{YamlNodeReader.Shorten(s)}' is not a positive duration", r.At(v), "use e.g. 500ms, 30s, 2m");
            return null;
        }
    }
}
