using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>core_principles: a list of principles, each with an id and a description.</summary>
internal sealed class PrinciplesSectionReader() : ListSectionReader<Principle>("core_principles", d => d.Principles)
{
    internal static readonly string[] Keys = ["id", "description", "weight", "critique", "revision"];

    protected override Principle? ReadItem(SectionReadContext context, YamlNode item, int index)
    {
        var r = context.Reader;
        var map = r.Mapping(item, "a principle");
        if (map is null)
        {
            return null;
        }

        string? id = null, description = null, critique = null, revision = null;
        var weight = 1.0;
        foreach (var (key, _, v) in r.Entries(map, "a principle", Keys))
        {
            switch (key)
            {
                case "id": id = r.String(v, "id"); break;
                case "description": description = r.String(v, "description"); break;
                case "critique": critique = r.String(v, "critique"); break;
                case "revision": revision = r.String(v, "revision"); break;
                case "weight": weight = Weight(r, v) ?? weight; break;
            }
        }

        var loc = r.At(item);
        if (string.IsNullOrWhiteSpace(id))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, "a principle needs an 'id'", loc);
            return null;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            r.Diagnostics.Error(DiagnosticCodes.MissingRequired, $"principle '{id}' needs a 'description'", loc);
            return null;
        }

        return new Principle(id, description, weight, critique, revision, loc);
    }

    private static double? Weight(YamlNodeReader r, YamlNode v)
    {
        var w = r.Number(v, "weight");
        if (w is < 0)
        {
            r.Diagnostics.Error(DiagnosticCodes.InvalidValue, "weight must not be negative", r.At(v));
            return null;
        }

        return w;
    }
}
