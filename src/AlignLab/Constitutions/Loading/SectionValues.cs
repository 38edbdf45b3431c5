using AlignLab.Diagnostics;
using AlignLab.Models;
using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>Values several sections share: a list of stages and a duration.</summary>
internal static class SectionValues
{
    /// <summary>A stage or a list of stages; null when empty or when none of them is known (each unknown one is reported).</summary>
    public static PolicyStage? Stages(YamlNodeReader r, YamlNode node)
    {
        var result = PolicyStage.None;
        var list = r.StringList(node, "stages");
        if (list.Count == 0)
        {
            r.Diagnostics.Error(DiagnosticCodes.UnknownStage, "stages is empty", r.At(node),
                "list at least one of input, streaming, output; to switch something off use 'enabled: false'");
            return null;
        }

        foreach (var (name, itemNode) in list)
        {
            if (NamedValues.Stages.TryParse(r, name, r.At(itemNode), out var stage))
            {
                result |= stage;
            }
        }

        return result == PolicyStage.None ? null : result;
    }

    /// <summary>Stages for a check that runs on input and output only; streaming is reported with <paramref name="message"/>.</summary>
    public static PolicyStage? InputOutputStages(YamlNodeReader r, YamlNode node, string message, string? hint = null)
    {
        var stages = Stages(r, node);
        if (stages is { } s && (s & PolicyStage.Streaming) != 0)
        {
            r.Diagnostics.Error(DiagnosticCodes.UnknownStage, message, r.At(node), hint);
            return null;
        }

        return stages;
    }

    /// <summary>A positive duration such as 500ms, 30s or 2m.</summary>
    public static TimeSpan? Duration(YamlNodeReader r, YamlNode v, string what)
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

        r.Diagnostics.Error(DiagnosticCodes.InvalidValue, $"{what} '{YamlNodeReader.Shorten(s)}' is not a positive duration", r.At(v),
            "use e.g. 500ms, 30s, 2m");
        return null;
    }
}
