using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>stages: input, streaming and output, each enabled or not and failing open or closed; streaming's check cadence.</summary>
internal sealed class StagesSectionReader() : SettingsSectionReader<StageSettings>("stages", StageNames, d => d.Stages, (d, v) => d.Stages = v)
{
    internal static readonly string[] StageNames = ["input", "streaming", "output"];
    internal static readonly string[] Keys = ["enabled", "on_failure", "check_interval", "first_check", "abort_threshold", "max_interventions"];

    /// <summary>One stage's settings (<paramref name="key"/> is the stage's name).</summary>
    protected override StageSettings Apply(SectionReadContext context, string key, YamlNode value, StageSettings current)
    {
        var r = context.Reader;
        var stage = key;
        var smap = r.Mapping(value, $"stage '{stage}'");
        if (smap is null)
        {
            return current;
        }

        var s = current;
        foreach (var (k, keyNode, sv) in r.Entries(smap, $"stage '{stage}'", Keys))
        {
            if (stage != "streaming" && k is "check_interval" or "first_check" or "abort_threshold" or "max_interventions")
            {
                r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"'{k}' only applies to the streaming stage", r.At(keyNode),
                    "move it under 'streaming:'");
                continue;
            }

            s = k switch
            {
                "enabled" => r.Boolean(sv, "enabled") is { } e ? WithEnabled(s, stage, e) : s,
                "on_failure" => NamedValues.FailureModes.Read(r, sv, "on_failure", out var mode) == NamedValue.Read
                    ? WithFailureMode(s, stage, mode)
                    : s,
                "check_interval" => s with { CheckInterval = r.Integer(sv, "check_interval", 1, 4096) ?? s.CheckInterval },
                "first_check" => s with { FirstCheck = r.Integer(sv, "first_check", 1, 4096) ?? s.FirstCheck },
                "abort_threshold" => s with { AbortThreshold = r.Probability(sv, "abort_threshold") ?? s.AbortThreshold },
                _ => s with { MaxInterventions = r.Integer(sv, "max_interventions", 0, 100) ?? s.MaxInterventions },
            };
        }

        return s;
    }

    private static StageSettings WithEnabled(StageSettings s, string stage, bool enabled) => stage switch
    {
        "input" => s with { InputEnabled = enabled },
        "streaming" => s with { StreamingEnabled = enabled },
        _ => s with { OutputEnabled = enabled },
    };

    private static StageSettings WithFailureMode(StageSettings s, string stage, FailureMode mode) => stage switch
    {
        "input" => s with { InputFailureMode = mode },
        "streaming" => s with { StreamingFailureMode = mode },
        _ => s with { OutputFailureMode = mode },
    };
}
