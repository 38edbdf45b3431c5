using System.Globalization;
using System.Xml;
using static AlignLab.Evaluation.Reports.ReportFormat;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// Writes an evaluation run as JUnit XML for CI test views. One <c>testsuite</c> holds the gates (a failing gate is a
/// failing test); then one <c>testsuite</c> per strategy with a passing <c>summary</c> test (skipped when the strategy
/// could not run) and one failing test per successful attack on a harmful case, per refused benign case (false positive)
/// and per refused contrast case (over-refusal), and one erroring test per errored case, up to a cap per strategy.
/// The <c>tests</c>, <c>failures</c> and <c>errors</c> counts are those of every result (each result is a test; the
/// passing ones and the failing ones past the cap are counted but not listed, and a note says how many are not listed).
/// Text is made XML-safe (characters XML forbids become U+FFFD).
/// </summary>
public static class JUnitReportWriter
{
    /// <summary>Default cap on failing and erroring tests listed per strategy.</summary>
    public const int DefaultMaxCasesPerStrategy = 100;

    /// <summary>Writes the report.</summary>
    /// <param name="summary">The run.</param>
    /// <param name="results">Every result of the run (streamed once; only failing cases up to the cap are kept, the rest are counted).</param>
    /// <param name="output">Where the XML goes; its encoding is declared (write to a file through a UTF-8 writer, see <see cref="WriteFile"/>).</param>
    /// <param name="maxCasesPerStrategy">The most failing/erroring tests listed per strategy; the rest are counted in a note.</param>
    public static void Write(EvalSummary summary, IEnumerable<CaseResult> results, TextWriter output, int maxCasesPerStrategy = DefaultMaxCasesPerStrategy)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCasesPerStrategy);

        var strategies = summary.Strategies.IsDefault ? [] : summary.Strategies;
        var listed = new Dictionary<string, List<CaseResult>>(StringComparer.Ordinal);
        var omitted = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new Dictionary<string, (int Tests, int Failures, int Errors)>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var (tests, failures, errors) = counts.GetValueOrDefault(r.Strategy);
            counts[r.Strategy] = (tests + 1, failures + (r.Error is null && IsFailure(r) ? 1 : 0), errors + (r.Error is not null ? 1 : 0));
            if (!IsFailure(r))
            {
                continue;
            }

            if (!listed.TryGetValue(r.Strategy, out var list))
            {
                listed[r.Strategy] = list = [];
            }

            if (list.Count < maxCasesPerStrategy)
            {
                list.Add(r);
            }
            else
            {
                omitted[r.Strategy] = omitted.GetValueOrDefault(r.Strategy) + 1;
            }
        }

        var names = strategies.Select(s => s.Strategy).Concat(counts.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var gates = summary.Gates.IsDefault ? [] : summary.Gates;
        var timestamp = summary.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        int totalTests = gates.Length, totalFailures = gates.Count(g => !g.Passed), totalErrors = 0, totalSkipped = 0;
        foreach (var name in names)
        {
            var (tests, failures, errors) = counts.GetValueOrDefault(name);
            totalTests += 1 + tests;
            totalFailures += failures;
            totalErrors += errors;
            totalSkipped += strategies.Any(s => s.Strategy == name && !s.Available) ? 1 : 0;
        }

        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", CheckCharacters = true };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", Clean("alignlab eval " + summary.RunId));
        Attr(w, "tests", totalTests);
        Attr(w, "failures", totalFailures);
        Attr(w, "errors", totalErrors);
        Attr(w, "skipped", totalSkipped);
        w.WriteAttributeString("time", Seconds(summary.DurationSeconds));

        // Gates.
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", "gates");
        Attr(w, "tests", gates.Length);
        Attr(w, "failures", gates.Count(g => !g.Passed));
        Attr(w, "errors", 0);
        Attr(w, "skipped", 0);
        w.WriteAttributeString("timestamp", timestamp);
        foreach (var g in gates)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", "alignlab.gates");
            w.WriteAttributeString("name", Clean($"{g.Metric} {GateRequirement(g)}"));
            if (!g.Passed)
            {
                var message = g.Value is null
                    ? $"{MetricTitle(g.Metric)} was not measured (required {GateRequirement(g)})"
                    : $"{MetricTitle(g.Metric)} is {GateValue(g.Metric, g.Value)}, required {GateRequirement(g)}";
                Failure(w, "failure", "gate", message, message);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();

        foreach (var name in names)
        {
            var s = strategies.FirstOrDefault(x => x.Strategy == name);
            var cases = listed.GetValueOrDefault(name) ?? [];
            var (tests, failures, errors) = counts.GetValueOrDefault(name);
            var skipped = s is { Available: false };
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", Clean(name));
            Attr(w, "tests", 1 + tests);
            Attr(w, "failures", failures);
            Attr(w, "errors", errors);
            Attr(w, "skipped", skipped ? 1 : 0);
            w.WriteAttributeString("timestamp", timestamp);
            if (s is not null)
            {
                w.WriteStartElement("properties");
                Property(w, "available", s.Available ? "true" : "false");
                if (s.Available)
                {
                    Property(w, "safety", RateLong(s.HarmfulBlocked));
                    Property(w, "false_positives", RateLong(s.FalsePositives));
                    Property(w, "over_refusal", RateLong(s.OverRefusal));
                    Property(w, "interventions", RateLong(s.Interventions));
                    Property(w, "latency_p50", Ms(s.LatencyP50Ms));
                    Property(w, "latency_p95", Ms(s.LatencyP95Ms));
                    Property(w, "errors", s.Errors.ToString(CultureInfo.InvariantCulture));
                }

                w.WriteEndElement();
            }

            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", Clean("alignlab." + name));
            w.WriteAttributeString("name", "summary");
            if (skipped)
            {
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", Clean(Unavailable(summary, s!)));
                w.WriteEndElement();
            }
            else if (s is not null)
            {
                w.WriteElementString("system-out", Clean($"{s.Cases} cases; safety {RateLong(s.HarmfulBlocked)}; false positives {RateLong(s.FalsePositives)}; over-refusal {RateLong(s.OverRefusal)}; errors {s.Errors}"));
            }

            w.WriteEndElement();
            foreach (var c in cases)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", Clean($"alignlab.{name}.{c.Suite}"));
                w.WriteAttributeString("name", Clean(c.CaseId));
                w.WriteAttributeString("time", Seconds(c.LatencyMs / 1000));
                var (type, message) = Reason(c);
                Failure(w, c.Error is null ? "failure" : "error", type, message, Details(c, message));
                w.WriteEndElement();
            }

            if (omitted.GetValueOrDefault(name) is > 0 and var more)
            {
                w.WriteElementString("system-out", Inv($"{more:N0} of the {failures + errors:N0} failing cases are not listed (at most {maxCasesPerStrategy:N0} per strategy are); they, and the {tests - failures - errors:N0} passing cases, are counted in tests/failures/errors. See results.jsonl."));
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>The report as a string, declared as UTF-8: save it as UTF-8 (as <see cref="File.WriteAllText(string, string?)"/> does).</summary>
    public static string ToXml(EvalSummary summary, IEnumerable<CaseResult> results, int maxCasesPerStrategy = DefaultMaxCasesPerStrategy)
    {
        using var sw = new Utf8StringWriter();
        Write(summary, results, sw, maxCasesPerStrategy);
        return sw.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> as UTF-8 (no byte-order mark), streaming <paramref name="results"/>.</summary>
    public static void WriteFile(EvalSummary summary, IEnumerable<CaseResult> results, string path, int maxCasesPerStrategy = DefaultMaxCasesPerStrategy)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        Write(summary, results, writer, maxCasesPerStrategy);
    }

    /// <summary>True for results that fail a test: successful attacks, refused benign or contrast cases, errors.</summary>
    public static bool IsFailure(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Error is not null || result.AttackSucceeded || (result.Label != CaseLabel.Harmful && result.Refused);
    }

    private static (string Type, string Message) Reason(CaseResult c)
    {
        var where = (c.Transform is { Length: > 0 } t ? $", transform {t}" : string.Empty) + (c.Category is { Length: > 0 } cat ? $", category {cat}" : string.Empty);
        return c switch
        {
            { Error: { } e } => ("error", $"{c.Strategy} errored: {Truncate(e.ReplaceLineEndings(" "), 300)}"),
            { Label: CaseLabel.Harmful } => ("attack_success", $"harmful case was answered (action {c.Action}{where})"),
            { Label: CaseLabel.Benign } => ("false_positive", $"benign case was refused (action {c.Action}{where})"),
            _ => ("over_refusal", $"contrast case (benign but alarming-looking) was refused (action {c.Action}{where})"),
        };
    }

    private static string Details(CaseResult c, string message)
    {
        var lines = new List<string> { message, $"case {c.CaseId}, suite {c.Suite}, label {EvalReportJson.LabelName(c.Label)}" };
        if (c.ParentId is { } parent)
        {
            lines.Add("parent " + parent);
        }

        if (c.Score is { } score)
        {
            lines.Add(Inv($"classifier score {score:0.000}"));
        }

        if (c.Error is { } error)
        {
            lines.Add("error: " + Truncate(error, 2000));
        }

        if (c.Response is { } response)
        {
            lines.Add("response: " + Truncate(response, 500));
        }

        return string.Join("\n", lines);
    }

    private static void Failure(XmlWriter w, string element, string type, string message, string text)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("message", Clean(message));
        w.WriteAttributeString("type", type);
        w.WriteString(Clean(text));
        w.WriteEndElement();
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", Clean(value));
        w.WriteEndElement();
    }

    private static void Attr(XmlWriter w, string name, int value) => w.WriteAttributeString(name, value.ToString(CultureInfo.InvariantCulture));

    private static string Seconds(double s) => double.IsFinite(s) && s >= 0 ? s.ToString("0.######", CultureInfo.InvariantCulture) : "0";
}
