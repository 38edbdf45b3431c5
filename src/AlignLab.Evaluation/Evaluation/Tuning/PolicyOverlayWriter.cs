using System.Globalization;
using System.Text;

namespace AlignLab.Evaluation.Tuning;

/// <summary>
/// Writes tuned thresholds as a small constitution that includes the original and overrides only the category
/// thresholds, so the user's file (and its comments) stays as it was and the change is easy to review.
/// </summary>
public static class PolicyOverlayWriter
{
    /// <summary>The overlay YAML. <paramref name="includePath"/> is written as given (relative to the overlay's folder).</summary>
    public static string Write(TuningResult result, string includePath, string name, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"# Written by `alignlab tune --target-fpr {result.TargetFpr}` on {when:yyyy-MM-dd HH:mm} UTC from {result.Benign} benign/contrast and {result.Harmful} harmful cases.\n");
        sb.Append(inv, $"# Guard false-positive rate {result.FprBefore:P1} -> {result.FprAfter:P1}; harmful stopped {result.RecallBefore:P1} -> {result.RecallAfter:P1}.\n");
        sb.Append("# Only category thresholds are overridden; everything else comes from the included policy.\n");
        sb.Append("include: ").Append(Quote(includePath)).Append('\n');
        sb.Append("constitutional_ai:\n");
        sb.Append("  name: ").Append(Quote(name)).Append('\n');
        sb.Append("  categories:\n");
        foreach (var c in result.Categories)
        {
            sb.Append(inv, $"    {c.Category}: {{threshold: {c.NewThreshold.ToString("0.###", inv)}}}   # was {c.OldThreshold.ToString("0.###", inv)}; benign flagged {c.BenignFlaggedBefore} -> {c.BenignFlaggedAfter}, harmful {c.HarmfulFlaggedBefore} -> {c.HarmfulFlaggedAfter}\n");
        }

        return sb.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
