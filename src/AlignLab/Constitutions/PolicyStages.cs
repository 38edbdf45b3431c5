namespace AlignLab.Constitutions;

/// <summary>Names and parsing of <see cref="PolicyStage"/>.</summary>
public static class PolicyStages
{
    /// <summary>The YAML names of the stages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["input", "streaming", "output"];

    /// <summary>Parses a single stage name ("during" and "pre"/"post" are accepted aliases).</summary>
    public static bool TryParse(string? name, out PolicyStage stage)
    {
        stage = (name ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "input" or "pre" or "pre_generation" => PolicyStage.Input,
            "streaming" or "during" or "during_generation" => PolicyStage.Streaming,
            "output" or "post" or "post_generation" => PolicyStage.Output,
            "all" => PolicyStage.All,
            _ => PolicyStage.None,
        };
        return stage != PolicyStage.None;
    }

    /// <summary>The YAML names of the stages set in <paramref name="stage"/>.</summary>
    public static IEnumerable<string> ToNames(this PolicyStage stage)
    {
        if (stage.HasFlag(PolicyStage.Input))
        {
            yield return "input";
        }

        if (stage.HasFlag(PolicyStage.Streaming))
        {
            yield return "streaming";
        }

        if (stage.HasFlag(PolicyStage.Output))
        {
            yield return "output";
        }
    }
}
