using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Evaluation.Json;

namespace AlignLab.Evaluation.Reports;

/// <summary>
/// The on-disk formats of an evaluation run: <c>summary.json</c> (one <see cref="EvalSummary"/>, indented, stable
/// snake_case names, dictionary keys in ordinal order) and <c>results.jsonl</c> (one <see cref="CaseResult"/> per line).
/// Numbers are written exactly (shortest round-trip form), so write → read gives equal values; non-finite numbers,
/// which JSON cannot hold, are written as <c>null</c> and read back as NaN.
/// </summary>
public static class EvalReportJson
{
    /// <summary>The value of the <c>schema</c> property of <c>summary.json</c>.</summary>
    public const string SummarySchema = "alignlab.eval.summary/1";

    /// <summary>The summary file's conventional name.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>The per-case results file's conventional name.</summary>
    public const string ResultsFileName = "results.jsonl";

    /// <summary>The summary as indented JSON.</summary>
    public static string WriteSummary(EvalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return EvaluationJson.Serialize(SummaryDocument.From(summary), EvaluationJson.Indented) + "\n";
    }

    /// <summary>Writes the summary to <paramref name="path"/> atomically (a temporary file renamed over the target).</summary>
    public static void WriteSummaryFile(EvalSummary summary, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = WriteSummary(summary);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, json, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a summary written by <see cref="WriteSummary(EvalSummary)"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, of another schema, or lacks a required property.</exception>
    public static EvalSummary ReadSummary(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return ReadSummary(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"summary JSON is malformed: {e.Message}", e);
        }
    }

    /// <summary>Reads <c>summary.json</c> from a file.</summary>
    public static EvalSummary ReadSummaryFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return ReadSummary(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>One result as a single line of JSON (no line break).</summary>
    public static string WriteResult(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EvaluationJson.Serialize(CaseResultDocument.From(result), EvaluationJson.Compact);
    }

    /// <summary>Appends one result and a line feed to <paramref name="output"/>.</summary>
    public static void WriteResult(TextWriter output, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(WriteResult(result));
        output.Write('\n');
    }

    /// <summary>Writes every result, one per line.</summary>
    public static void WriteResults(TextWriter output, IEnumerable<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results)
        {
            WriteResult(output, r);
        }
    }

    /// <summary>Parses one line of <c>results.jsonl</c>.</summary>
    /// <exception cref="InvalidDataException">The line is not a valid result.</exception>
    public static CaseResult ReadResult(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var doc = JsonDocument.Parse(line);
            return ReadResult(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a JSON result: {e.Message}", e);
        }
    }

    /// <summary>
    /// Streams the results in <paramref name="reader"/> (see <see cref="CaseResultReader"/>: a torn last line is skipped
    /// and counted in <see cref="CaseResultReader.SkippedLines"/>).
    /// </summary>
    public static CaseResultReader ReadResults(TextReader reader) => new(reader);

    /// <summary>
    /// Cuts a torn last line (bytes after the last line feed) off a <c>results.jsonl</c> left by a crashed run, so
    /// that appending can resume. Returns the number of bytes removed (0 when the file ends with a line feed or is empty).
    /// </summary>
    public static long TruncateTornTail(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var length = fs.Length;
        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            fs.Position = start;
            fs.ReadExactly(buffer, 0, (int)(end - start));
            var i = Array.LastIndexOf(buffer, (byte)'\n', (int)(end - start - 1), (int)(end - start));
            if (i >= 0)
            {
                var keep = start + i + 1;
                fs.SetLength(keep);
                return length - keep;
            }

            end = start;
        }

        fs.SetLength(0);
        return length;
    }

    private static ImmutableDictionary<string, AttackLift> ReadLifts(JsonElement e)
    {
        if (!e.TryGetProperty("attack_lift", out var o) || o.ValueKind != JsonValueKind.Object)
        {
            return ImmutableDictionary<string, AttackLift>.Empty;
        }

        var b = ImmutableDictionary.CreateBuilder<string, AttackLift>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            var v = p.Value;
            b[p.Name] = new AttackLift(v.GetProperty("pairs").GetInt32(), v.GetProperty("both_succeeded").GetInt32(), v.GetProperty("transformed_only").GetInt32(), v.GetProperty("as_written_only").GetInt32(), Double(v, "low"), Double(v, "high"));
        }

        return b.ToImmutable();
    }

    /// <summary>
    /// Writes <paramref name="r"/> as the property <paramref name="name"/>: an object with successes, total, rate, low
    /// and high (the shape of every rate in <c>summary.json</c>), or <c>null</c>. Other files that report rates use it too.
    /// </summary>
    public static void WriteRate(Utf8JsonWriter w, string name, RateEstimate? r)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (r is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WritePropertyName(name);
        JsonSerializer.Serialize(w, RateDocument.Of(r), EvaluationJson.Info<RateDocument>(EvaluationJson.Compact));
    }

    private static EvalSummary ReadSummary(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("summary JSON must be an object");
        }

        if (e.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.String && schema.GetString() != SummarySchema)
        {
            throw new InvalidDataException($"summary schema is '{schema.GetString()}', expected '{SummarySchema}'");
        }

        var started = RequiredString(e, "started_at");
        if (!DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var startedAt))
        {
            throw new InvalidDataException($"started_at '{started}' is not an ISO 8601 timestamp");
        }

        var (capabilityTasks, capabilityNotes) = CapabilityReportJson.ReadRun(e);
        return new EvalSummary
        {
            RunId = RequiredString(e, "run_id"),
            CapabilityTasks = capabilityTasks,
            CapabilityNotes = capabilityNotes,
            PrincipleAdherence = Principles.PrincipleAdherenceReport.ReadJson(e),
            StartedAt = startedAt,
            DurationSeconds = Double(e, "duration_seconds"),
            Policy = RequiredString(e, "policy"),
            Model = OptionalString(e, "model"),
            Suites = StringArray(e, "suites"),
            Attacks = StringArray(e, "attacks"),
            Seed = e.TryGetProperty("seed", out var seed) ? seed.GetInt32() : 0,
            Cases = e.TryGetProperty("cases", out var cases) ? cases.GetInt32() : 0,
            CaseSet = OptionalString(e, "case_set"),
            Strategies = e.TryGetProperty("strategies", out var sts) && sts.ValueKind == JsonValueKind.Array
                ? [.. sts.EnumerateArray().Select(ReadStrategy)]
                : [],
            Gates = e.TryGetProperty("gates", out var gates) && gates.ValueKind == JsonValueKind.Array
                ? [.. gates.EnumerateArray().Select(g => new GateResult(
                    RequiredString(g, "metric"),
                    RequiredString(g, "comparison"),
                    Double(g, "bound"),
                    NullableDouble(g, "value"),
                    g.TryGetProperty("passed", out var p) && p.GetBoolean()))]
                : [],
        };
    }

    private static StrategySummary ReadStrategy(JsonElement e) => new(RequiredString(e, "strategy"), !e.TryGetProperty("available", out var a) || a.GetBoolean())
    {
        UnavailableReason = OptionalString(e, "unavailable_reason"),
        Cases = e.TryGetProperty("cases", out var c) ? c.GetInt32() : 0,
        Errors = e.TryGetProperty("errors", out var err) ? err.GetInt32() : 0,
        HarmfulBlocked = ReadRate(e, "harmful_blocked"),
        FalsePositives = ReadRate(e, "false_positives"),
        OverRefusal = ReadRate(e, "over_refusal"),
        Interventions = ReadRate(e, "interventions"),
        AttackSuccess = ReadRates(e, "attack_success"),
        AttackSuccessTransformed = ReadRate(e, "attack_success_transformed"),
        AttackLift = ReadLifts(e),
        BlockedByCategory = ReadRates(e, "blocked_by_category"),
        LatencyP50Ms = Double(e, "latency_p50_ms"),
        LatencyP95Ms = Double(e, "latency_p95_ms"),
        AddedLatencyP50Ms = NullableDouble(e, "added_latency_p50_ms"),
        AddedLatencyP95Ms = NullableDouble(e, "added_latency_p95_ms"),
        Tokens = e.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : null,
        Capability = CapabilityReportJson.ReadStrategy(e),
    };

    private static ImmutableDictionary<string, RateEstimate> ReadRates(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var o) || o.ValueKind != JsonValueKind.Object)
        {
            return ImmutableDictionary<string, RateEstimate>.Empty;
        }

        var b = ImmutableDictionary.CreateBuilder<string, RateEstimate>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            if (ReadRate(p.Value) is { } r)
            {
                b[p.Name] = r;
            }
        }

        return b.ToImmutable();
    }

    private static RateEstimate? ReadRate(JsonElement e, string name) => e.TryGetProperty(name, out var r) ? ReadRate(r) : null;

    private static RateEstimate? ReadRate(JsonElement r) => r.ValueKind != JsonValueKind.Object
        ? null
        : new RateEstimate(r.GetProperty("successes").GetInt32(), r.GetProperty("total").GetInt32(), Double(r, "low"), Double(r, "high"));

    private static CaseResult ReadResult(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("a result must be a JSON object");
        }

        return new CaseResult(RequiredString(e, "case_id"), RequiredString(e, "strategy"), ParseLabel(RequiredString(e, "label")), RequiredString(e, "suite"))
        {
            Category = OptionalString(e, "category"),
            ParentId = OptionalString(e, "parent_id"),
            Transform = OptionalString(e, "transform"),
            Refused = e.TryGetProperty("refused", out var refused) && refused.GetBoolean(),
            Intervened = e.TryGetProperty("intervened", out var intervened) && intervened.GetBoolean(),
            Action = OptionalString(e, "action") ?? "allow",
            Score = NullableDouble(e, "score"),
            ResponseScore = NullableDouble(e, "response_score"),
            LatencyMs = Double(e, "latency_ms"),
            GuardMs = Double(e, "guard_ms"),
            Tokens = e.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : null,
            Error = OptionalString(e, "error"),
            Prompt = OptionalString(e, "prompt"),
            Response = OptionalString(e, "response"),
            TraceJson = OptionalString(e, "trace_json"),
        };
    }

    /// <summary>The label's name in the files: <c>harmful</c>, <c>benign</c> or <c>contrast</c>.</summary>
    public static string LabelName(CaseLabel label) => label switch
    {
        CaseLabel.Harmful => "harmful",
        CaseLabel.Benign => "benign",
        CaseLabel.Contrast => "contrast",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
    };

    private static CaseLabel ParseLabel(string s) => s switch
    {
        "harmful" => CaseLabel.Harmful,
        "benign" => CaseLabel.Benign,
        "contrast" => CaseLabel.Contrast,
        _ => throw new InvalidDataException($"unknown label '{s}' (expected harmful, benign or contrast)"),
    };

    private static string RequiredString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw new InvalidDataException($"missing string property '{name}'");

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static double Double(JsonElement e, string name) => NullableDouble(e, name) ?? (e.TryGetProperty(name, out _) ? double.NaN : 0);

    private static double? NullableDouble(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;

    private static ImmutableArray<string> StringArray(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? [.. a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];
}
