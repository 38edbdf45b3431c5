using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>critique_revision: the critic and reviser models and how many rounds of critique and revision to run.</summary>
internal sealed class CritiqueSectionReader() : SettingsSectionReader<CritiqueSettings>(
    "critique_revision", Keys, d => d.Critique, (d, v) => d.Critique = v)
{
    internal static readonly string[] Keys =
        ["enabled", "critic", "reviser", "max_rounds", "principles_per_round", "min_improvement", "seed", "timeout"];

    /// <summary>Writing the section switches critique on, unless it says enabled: false.</summary>
    protected override CritiqueSettings Start(SectionReadContext context, YamlNode value, CritiqueSettings current) =>
        current with { Enabled = true };

    protected override CritiqueSettings Apply(SectionReadContext context, string key, YamlNode value, CritiqueSettings current)
    {
        var r = context.Reader;
        return key switch
        {
            "enabled" => current with { Enabled = r.Boolean(value, key) ?? current.Enabled },
            "critic" => current with { Critic = ModelReference(context, value, key) },
            "reviser" => current with { Reviser = ModelReference(context, value, key) },
            "max_rounds" => current with { MaxRounds = r.Integer(value, key, 1, 10) ?? current.MaxRounds },
            "principles_per_round" => current with { PrinciplesPerRound = r.Integer(value, key, 1, 20) ?? current.PrinciplesPerRound },
            "min_improvement" => current with { MinImprovement = MinImprovement(r, value, key) ?? current.MinImprovement },
            "seed" => current with { Seed = r.Integer(value, key, int.MinValue, int.MaxValue) ?? current.Seed },
            _ => current with { Timeout = SectionValues.Duration(r, value, key) ?? current.Timeout },
        };
    }

    /// <summary>A model name, kept for <see cref="RuntimeReferenceValidator"/> to check against models:.</summary>
    private string? ModelReference(SectionReadContext context, YamlNode value, string key)
    {
        var name = context.Reader.String(value, key);
        if (name is not null)
        {
            context.Draft.ModelReferences.Add((name, context.At(value), $"{Key}.{key}"));
        }

        return name;
    }

    private static double? MinImprovement(YamlNodeReader r, YamlNode value, string key)
    {
        var mi = r.Number(value, key);
        if (mi is < 0 or > 10)
        {
            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "min_improvement is on the critic's 0–10 scale", r.At(value));
            return null;
        }

        return mi;
    }
}
