using AlignLab.Evaluation.Reports;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>The files of an evaluation run directory, and the reports rendered from its summary and results.</summary>
public static class EvalRunFiles
{
    /// <summary>Every result, one JSON line each, appended as cases finish.</summary>
    public const string Results = EvalReportJson.ResultsFileName;

    /// <summary>The run's summary.</summary>
    public const string Summary = EvalReportJson.SummaryFileName;

    /// <summary>The HTML report.</summary>
    public const string Html = "report.html";

    /// <summary>The Markdown report.</summary>
    public const string Markdown = "report.md";

    /// <summary>The JUnit report (one test per case and strategy).</summary>
    public const string JUnit = "junit.xml";

    /// <summary>Notable cases kept for the HTML report.</summary>
    internal const int MaxSample = 200;

    /// <summary>Re-renders the reports of the run in <paramref name="dir"/> from its summary.json and results.jsonl.</summary>
    /// <exception cref="FileNotFoundException">The directory holds no summary.json.</exception>
    /// <exception cref="InvalidDataException">summary.json is not a summary.</exception>
    public static EvalSummary Rerender(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var summaryPath = Path.Combine(dir, Summary);
        if (!File.Exists(summaryPath))
        {
            throw new FileNotFoundException($"{summaryPath} not found", summaryPath);
        }

        var summary = EvalReportJson.ReadSummaryFile(summaryPath);
        var distributions = new EvalDistributions();
        var sample = new NotableSample(MaxSample);
        var resultsPath = Path.Combine(dir, Results);
        if (File.Exists(resultsPath))
        {
            using var reader = new StreamReader(resultsPath);
            foreach (var r in EvalReportJson.ReadResults(reader).Read())
            {
                distributions.Add(r);
                sample.Add(r);
            }
        }

        WriteReports(dir, summary, sample, distributions);
        return summary;
    }

    /// <summary>Writes summary.json, report.html, report.md and junit.xml (which counts every result in results.jsonl).</summary>
    internal static void WriteReports(string dir, EvalSummary summary, NotableSample sample, EvalDistributions distributions)
    {
        EvalReportJson.WriteSummaryFile(summary, Path.Combine(dir, Summary));
        var shown = sample.Select();
        using (var html = new StreamWriter(Path.Combine(dir, Html)))
        {
            var options = new HtmlReportOptions { Distributions = distributions, NotableNote = sample.Describe(shown.Count) };
            HtmlReportWriter.Write(summary, shown, html, options);
        }

        File.WriteAllText(Path.Combine(dir, Markdown), MarkdownReportWriter.ToMarkdown(summary));
        JUnitReportWriter.WriteFile(summary, AllResults(dir), Path.Combine(dir, JUnit)); // every result counts, not the sample
    }

    /// <summary>Streams results.jsonl (the JUnit counts are those of every result, deduplicated as a resume does).</summary>
    private static IEnumerable<CaseResult> AllResults(string dir)
    {
        var path = Path.Combine(dir, Results);
        if (!File.Exists(path))
        {
            yield break;
        }

        var seen = new HashSet<(string, string)>();
        using var reader = new StreamReader(path);
        foreach (var r in EvalReportJson.ReadResults(reader).Read())
        {
            if (seen.Add((r.Strategy, r.CaseId)))
            {
                yield return r;
            }
        }
    }
}
