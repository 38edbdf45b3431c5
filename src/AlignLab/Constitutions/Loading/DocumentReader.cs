using AlignLab.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>
/// Reads one document: finds the constitution (under constitutional_ai:, or its keys written at the top level), resolves its
/// includes first so that the including file's settings override the included ones, and hands each section to its reader.
/// </summary>
internal sealed class DocumentReader(SectionReadContext context, Action<SectionReadContext, YamlNode> readIncludes)
{
    private readonly YamlNodeReader _r = context.Reader;

    /// <summary>
    /// True when an included document has the shape of a constitution: a mapping with at least one key a constitution
    /// has. A password file, a key file or another program's YAML is reported as one error instead of one per line.
    /// </summary>
    public static bool LooksLikeConstitution(YamlNode root) =>
        root is YamlMappingNode map
        && map.Children.Keys.Any(k => k is YamlScalarNode { Value: { } key }
            && (ConstitutionLoader.RootKeys.Contains(key) || ConstitutionLoader.SectionKeys.Contains(key)));

    public void ReadRoot(YamlNode root)
    {
        var map = _r.Mapping(root, "the document");
        if (map is null)
        {
            return;
        }

        // Flat form: the section's keys written at the top level, where the section's reader reports unknown keys.
        var flat = !map.Children.Keys.Any(k => k is YamlScalarNode { Value: "constitutional_ai" });
        if (flat && LooksLikeGatewayFile(map, out var gatewayKey))
        {
            _r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"this is a gateway configuration (it has '{gatewayKey.Value}:'), not a constitution",
                _r.At(gatewayKey), "a gateway file is read by 'alignlab serve --config FILE'; validate the constitution it names under 'policy:'");
            return;
        }

        YamlNode? section = null;
        var sawSection = false;
        foreach (var (key, keyNode, value) in _r.Entries(map, "the document", null))
        {
            if (key == "constitutional_ai")
            {
                section = value;
                sawSection = true;
            }
            else if (key == "include")
            {
                readIncludes(context, value);
            }
            else if (!flat && !ConstitutionLoader.SectionKeys.Contains(key))
            {
                _r.Diagnostics.Error(DiagnosticCodes.UnknownKey, $"unknown key '{key}' at the top of the document", _r.At(keyNode),
                    Suggestions.Hint(key, [.. ConstitutionLoader.RootKeys.Union(ConstitutionLoader.SectionKeys)]));
            }
        }

        if (sawSection)
        {
            ReportSectionKeysBeside(map);
        }

        var sectionMap = sawSection ? _r.Mapping(section!, "constitutional_ai") : map;
        if (sectionMap is not null)
        {
            ReadSection(sectionMap, flat: !sawSection);
        }
    }

    private void ReportSectionKeysBeside(YamlMappingNode map)
    {
        foreach (var (keyNode, _) in map.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } k and not "constitutional_ai" and not "include" }
                && ConstitutionLoader.SectionKeys.Contains(k))
            {
                _r.Diagnostics.Error(DiagnosticCodes.UnknownKey,
                    $"'{k}' is at the top of the document, beside 'constitutional_ai:', where it would be ignored", _r.At(keyNode),
                    "indent it under constitutional_ai:");
            }
        }
    }

    private static bool LooksLikeGatewayFile(YamlMappingNode map, out YamlScalarNode key)
    {
        key = null!;
        foreach (var k in map.Children.Keys.OfType<YamlScalarNode>())
        {
            if (k.Value is { } name && ConstitutionLoader.SectionKeys.Contains(name))
            {
                return false;
            }

            if (key is null && k.Value is "listen" or "upstream" or "api_keys" or "review_db" or "allow_anonymous" or "audit")
            {
                key = k;
            }
        }

        return key is not null;
    }

    private void ReadSection(YamlMappingNode map, bool flat)
    {
        // Includes first, so that the including file's settings override the included ones.
        if (!flat)
        {
            foreach (var (keyNode, value) in map.Children)
            {
                if (keyNode is YamlScalarNode { Value: "include" })
                {
                    readIncludes(context, value);
                }
            }
        }

        foreach (var (key, _, value) in _r.Entries(map, flat ? "the document" : "constitutional_ai", ConstitutionLoader.SectionKeys))
        {
            if (SectionReaders.ByKey.TryGetValue(key, out var reader))
            {
                reader.Read(context, value);
            }
        }
    }
}
