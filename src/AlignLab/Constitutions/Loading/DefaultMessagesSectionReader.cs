using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>default_messages: the texts shown for block, redirect and escalate when a rule gives none.</summary>
internal sealed class DefaultMessagesSectionReader() : SettingsSectionReader<(string? Block, string? Redirect, string? Escalate)>(
    "default_messages", Keys, d => (d.BlockMessage, d.RedirectMessage, d.EscalateMessage),
    (d, m) => (d.BlockMessage, d.RedirectMessage, d.EscalateMessage) = m)
{
    internal static readonly string[] Keys = ["block", "redirect", "escalate"];

    protected override (string? Block, string? Redirect, string? Escalate) Apply(SectionReadContext context, string key, YamlNode value,
        (string? Block, string? Redirect, string? Escalate) current)
    {
        var text = context.Reader.String(value, key);
        return key switch
        {
            "block" => current with { Block = text ?? current.Block },
            "redirect" => current with { Redirect = text ?? current.Redirect },
            _ => current with { Escalate = text ?? current.Escalate },
        };
    }
}
