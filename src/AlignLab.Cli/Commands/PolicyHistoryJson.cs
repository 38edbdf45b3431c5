using System.Globalization;
using System.Text.Json;
using AlignLab.Server.Operations;

namespace AlignLab.Cli.Commands;

/// <summary>One history entry as <c>alignlab policy history --json</c> writes it (the YAML and diff are left to <c>policy diff</c>).</summary>
internal static class PolicyHistoryJson
{
    public static void Write(Utf8JsonWriter w, PolicyVersionEntry e)
    {
        var (added, removed) = LineDiff.Count(e.Diff);
        w.WriteStartObject();
        w.WriteString("version", e.Version);
        w.WriteString("arm", e.Arm);
        w.WriteString("at", e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("reason", e.Reason);
        w.WriteString("author", e.Author);
        w.WriteString("policy", e.Policy);
        w.WriteString("previous_version", e.PreviousVersion);
        w.WriteString("origin", e.Origin);
        w.WriteNumber("lines_added", added);
        w.WriteNumber("lines_removed", removed);
        w.WriteString("detail", e.Detail);
        w.WriteEndObject();
    }
}
