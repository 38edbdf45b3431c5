using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Profiling;

/// <summary><see cref="GuardProfile"/> as a stable JSON document (snake_case, every property present, microseconds).</summary>
public static class GuardProfileJson
{
    /// <summary>The value of the <c>schema</c> property.</summary>
    public const string Schema = "alignlab.profile/1";

    /// <summary>The profile as indented JSON, with a final newline.</summary>
    public static string Write(GuardProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return EvaluationJson.Serialize(GuardProfileDocument.From(profile), EvaluationJson.Indented) + "\n";
    }
}
