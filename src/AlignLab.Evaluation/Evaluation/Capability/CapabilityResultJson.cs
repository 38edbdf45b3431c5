using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Capability;

/// <summary>One capability result as a JSON line (<c>capability.jsonl</c> in an eval run's directory).</summary>
public static class CapabilityResultJson
{
    /// <summary>The result as a single JSON line (no trailing newline).</summary>
    public static string Write(CapabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EvaluationJson.Serialize(CapabilityResultDocument.From(result), EvaluationJson.Compact);
    }
}
