using System.Text.Json;

namespace AlignLab.Cai.Preferences;

/// <summary>The preference engine's files and summaries as JSON (source-generated, snake_case).</summary>
public static class PreferenceJson
{
    /// <summary>One output line for <paramref name="pair"/>.</summary>
    public static string ToLine(LabelledPair pair) => JsonSerializer.Serialize(pair, PreferenceJsonContext.Lines.LabelledPair);

    /// <summary>One output line for <paramref name="set"/>.</summary>
    public static string ToLine(CandidateSet set) => JsonSerializer.Serialize(set, PreferenceJsonContext.Lines.CandidateSet);

    /// <summary>Reads a labelled output line back, or null when it is not one.</summary>
    public static LabelledPair? ReadLabelledPair(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, PreferenceJsonContext.Lines.LabelledPair);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a candidates line back, or null when it is not one.</summary>
    public static CandidateSet? ReadCandidateSet(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, PreferenceJsonContext.Lines.CandidateSet);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The summary of a labelling run, indented.</summary>
    public static string ToJson(PreferenceLabelSummary summary) =>
        JsonSerializer.Serialize(summary, PreferenceJsonContext.Indented.PreferenceLabelSummary);

    /// <summary>The summary of a collection run, indented.</summary>
    public static string ToJson(CandidateCollectionSummary summary) =>
        JsonSerializer.Serialize(summary, PreferenceJsonContext.Indented.CandidateCollectionSummary);
}
