using System.Globalization;
using System.Text.Json;

namespace AlignLab.Server.Audit.Analytics;

/// <summary>Writes an <see cref="AuditReport"/> as <c>audit-report.json</c>, <c>audit-report.md</c> and <c>audit-report.html</c>.</summary>
public static class AuditReportWriter
{
    /// <summary>The JSON file's name.</summary>
    public const string JsonFile = "audit-report.json";

    /// <summary>The Markdown file's name.</summary>
    public const string MarkdownFile = "audit-report.md";

    /// <summary>The HTML file's name.</summary>
    public const string HtmlFile = "audit-report.html";

    /// <summary>The report as JSON (snake_case).</summary>
    public static string ToJson(AuditReport report) => JsonSerializer.Serialize(report, AuditReportJsonContext.Default.AuditReport);

    /// <summary>Writes the three files into <paramref name="directory"/> (created when needed) and returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(AuditReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFile);
        var md = Path.Combine(directory, MarkdownFile);
        var html = Path.Combine(directory, HtmlFile);
        WriteAtomically(json, ToJson(report));
        WriteAtomically(md, AuditReportMarkdown.Render(report));
        WriteAtomically(html, AuditReportHtml.Render(report));
        return [json, md, html];
    }

    internal static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    internal static string Number(double? value, string format = "0.###") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    // A report is replaced whole or not at all, so an interrupted run never leaves half a file over a good one.
    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
