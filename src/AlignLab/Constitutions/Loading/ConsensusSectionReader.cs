using System.Collections.Immutable;
using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>consensus: validators (the classifier, the rules or judges) that vote on a response, and how their votes combine.</summary>
internal sealed class ConsensusSectionReader() : SettingsSectionReader<ConsensusSettings>(
    "consensus", Keys, d => d.Consensus, (d, v) => d.Consensus = v)
{
    internal static readonly string[] Keys =
    [
        "enabled", "validators", "approval_threshold", "require_majority", "disagreement_threshold", "escalate_to_human", "on_validator_failure",
        "stages",
    ];

    internal static readonly string[] ValidatorKeys = ["id", "detector", "weight", "role", "veto_power"];

    /// <summary>Writing the section switches consensus on, unless it says enabled: false.</summary>
    protected override ConsensusSettings Start(SectionReadContext context, YamlNode value, ConsensusSettings current) =>
        current with { Enabled = true };

    protected override ConsensusSettings Apply(SectionReadContext context, string key, YamlNode value, ConsensusSettings current)
    {
        var r = context.Reader;
        return key switch
        {
            "enabled" => current with { Enabled = r.Boolean(value, key) ?? current.Enabled },
            "validators" => current with { Validators = ReadValidators(r, value) },
            "approval_threshold" => current with { ApprovalThreshold = r.Probability(value, key) ?? current.ApprovalThreshold },
            "require_majority" => current with { RequireMajority = r.Boolean(value, key) ?? current.RequireMajority },
            "disagreement_threshold" => current with { DisagreementThreshold = r.Probability(value, key) ?? current.DisagreementThreshold },
            "escalate_to_human" => current with { EscalateToHuman = r.Boolean(value, key) ?? current.EscalateToHuman },
            "on_validator_failure" => NamedValues.ValidatorFailures.Read(r, value, key, out var failure) == NamedValue.Read
                ? current with { OnValidatorFailure = failure }
                : current,
            _ => current with { Stages = SectionValues.InputOutputStages(r, value, "consensus runs on input and output only") ?? current.Stages },
        };
    }

    protected override void Finish(SectionReadContext context, YamlNode value, ConsensusSettings settings)
    {
        if (settings.Enabled && settings.Validators.IsEmpty)
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingRequired, "consensus is enabled but has no validators", context.At(value),
                "list validators, e.g. - {id: classifier, detector: classifier, weight: 1}");
        }
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
            if (ReadValidator(r, item) is not { } validator)
            {
                continue;
            }

            if (result.Any(x => x.Id == validator.Id))
            {
                r.Diagnostics.Error(DiagnosticCodes.DuplicateId, $"validator id '{validator.Id}' is used twice", r.At(item));
                continue;
            }

            result.Add(validator);
        }

        return result.ToImmutable();
    }

    private static ValidatorSpec? ReadValidator(YamlNodeReader r, YamlNode item)
    {
        var m = r.Mapping(item, "validator");
        if (m is null)
        {
            return null;
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
                case "weight": weight = Weight(r, v, k) ?? weight; break;
                case "veto_power": veto = NamedValues.VetoCategories.ReadList(r, v, k); break;
            }
        }

        if (id is null)
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a validator needs an 'id'", r.At(item));
            return null;
        }

        return new ValidatorSpec(id, detector ?? id, weight, role, veto, r.At(item));
    }

    private static double? Weight(YamlNodeReader r, YamlNode v, string key)
    {
        var w = r.Number(v, key);
        if (w is <= 0)
        {
            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "weight must be greater than 0", r.At(v));
            return null;
        }

        return w;
    }
}
