using YamlDotNet.RepresentationModel;

namespace AlignLab.Constitutions.Loading;

/// <summary>review_queue: where escalated requests are queued for review; a relative path starts from the policy's folder.</summary>
internal sealed class ReviewQueueSectionReader() : SettingsSectionReader<string?>(
    "review_queue", Keys, d => d.ReviewQueuePath, (d, path) => d.ReviewQueuePath = path)
{
    internal static readonly string[] Keys = ["path"];

    protected override string? Apply(SectionReadContext context, string key, YamlNode value, string? current) =>
        context.Reader.String(value, "path") is { } path ? context.ResolvePath(path) : current;
}
