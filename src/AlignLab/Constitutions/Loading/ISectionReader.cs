using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>Reads one section of a constitution (one key under constitutional_ai:) into the draft.</summary>
internal interface ISectionReader
{
    /// <summary>The section's key.</summary>
    string Key { get; }

    /// <summary>Reads the section's value; every problem is reported to the context's diagnostics.</summary>
    void Read(SectionReadContext context, YamlNode value);
}
