using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Evaluation.Reports;
using AlignLab.Evaluation.Suites;
using AlignLab.IO;

namespace AlignLab.Evaluation.Orchestration;

/// <summary>
/// What an eval run evaluates (run.json, written when the run starts): the suites, the policy, the model and judge, the
/// classifier and the tiers that decide with it, the attacks, the strategies, the seed and the suite columns. A run is resumed only when these match
/// (<see cref="EvaluationSession.ResumeDifferences"/>), so results of two different configurations are never merged into one report.
/// </summary>
public sealed record EvalRunConfig
{
    public const string FileName = "run.json";
    private const string Schema = "alignlab.eval.run/1";

    /// <summary>The tiers of a run that recorded none: the fast classifier alone.</summary>
    public const string DefaultTiers = "fast";

    public required string RunId { get; init; }
    public required string Policy { get; init; }
    public string? Model { get; init; }
    public string? Judge { get; init; }

    /// <summary>
    /// The safety classifier the guard used (<c>none</c>, or <c>sha256:</c> and the start of the model's digest); null when
    /// unknown (a run.json written before it was recorded).
    /// </summary>
    public string? Classifier { get; init; }

    /// <summary>
    /// The classifier tiers that decided (<c>fast</c>, or <c>fast+contextual …</c> with <c>eval --all-tiers</c>); null is read as
    /// <c>fast</c>, the only tier a run could use before it was recorded.
    /// </summary>
    public string? Tiers { get; init; }

    /// <summary>Suite locations (full file paths, or bundled:NAME); null when only the names are known (an older run's summary.json).</summary>
    public ImmutableArray<string>? SuiteLocations { get; init; }
    public required ImmutableArray<string> Suites { get; init; }
    public required ImmutableArray<string> Attacks { get; init; }
    public required ImmutableArray<string> Strategies { get; init; }
    public int Seed { get; init; }

    /// <summary>text/label/category column and default label, as one line; null when unknown.</summary>
    public string? Columns { get; init; }

    /// <summary>
    /// Reads the configuration saved in <paramref name="dir"/>: run.json, else what summary.json says (runs written before
    /// run.json existed); null when neither is there.
    /// </summary>
    /// <exception cref="InvalidDataException">run.json is not a run configuration.</exception>
    public static EvalRunConfig? Load(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var path = Path.Combine(dir, FileName);
        if (File.Exists(path))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var e = doc.RootElement;
                return new EvalRunConfig
                {
                    RunId = e.GetProperty("run_id").GetString() ?? "",
                    Policy = e.GetProperty("policy").GetString() ?? "",
                    Model = e.GetProperty("model").GetString(),
                    Judge = e.GetProperty("judge").GetString(),
                    Classifier = e.TryGetProperty("classifier", out var c) ? c.GetString() : null,
                    Tiers = e.TryGetProperty("tiers", out var t) ? t.GetString() : null,
                    SuiteLocations = Strings(e.GetProperty("suite_locations")),
                    Suites = Strings(e.GetProperty("suites")),
                    Attacks = Strings(e.GetProperty("attacks")),
                    Strategies = Strings(e.GetProperty("strategies")),
                    Seed = e.GetProperty("seed").GetInt32(),
                    Columns = e.GetProperty("columns").GetString(),
                };
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path} is not a run configuration written by 'alignlab eval' ({ex.Message})", ex);
            }
        }

        var summaryPath = Path.Combine(dir, EvalReportJson.SummaryFileName);
        if (!File.Exists(summaryPath))
        {
            return null;
        }

        var s = EvalReportJson.ReadSummaryFile(summaryPath);
        return new EvalRunConfig
        {
            RunId = s.RunId,
            Policy = s.Policy,
            Model = s.Model,
            Suites = s.Suites.IsDefault ? [] : s.Suites,
            Attacks = s.Attacks.IsDefault ? [] : s.Attacks,
            Strategies = s.Strategies.IsDefault ? [] : [.. s.Strategies.Select(x => x.Strategy)],
            Seed = s.Seed,
        };
    }

    /// <summary>The suite columns as <see cref="Columns"/> records them.</summary>
    public static string DescribeColumns(SuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture,
            $"text {options.TextColumn ?? "(auto)"}, label {options.LabelColumn ?? "(auto)"}, category {options.CategoryColumn ?? "(auto)"}, "
            + $"default label {options.DefaultLabel?.ToString() ?? "none"}");
    }

    /// <summary>Writes run.json into <paramref name="dir"/> atomically.</summary>
    public void Save(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var json = JsonText.Write(JsonText.Indented, w =>
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("run_id", RunId);
            w.WriteString("policy", Policy);
            w.WriteStringOrNull("model", Model);
            w.WriteStringOrNull("judge", Judge);
            w.WriteStringOrNull("classifier", Classifier);
            w.WriteStringOrNull("tiers", Tiers);
            w.WriteStringArray("suites", Suites);
            w.WriteStringArray("suite_locations", SuiteLocations ?? Suites);
            w.WriteStringArray("attacks", Attacks);
            w.WriteStringArray("strategies", Strategies);
            w.WriteNumber("seed", Seed);
            w.WriteStringOrNull("columns", Columns);
            w.WriteEndObject();
        }) + "\n";
        var path = Path.Combine(dir, FileName);
        var temp = Path.Combine(dir, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, json, new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// What differs between the saved run (this) and <paramref name="now"/>, one phrase each ("suites a (now b)"); empty when they match.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(EvalRunConfig now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var diffs = new List<string>();
        void Check(string what, string? saved, string? current)
        {
            if (!string.Equals(saved, current, StringComparison.Ordinal))
            {
                diffs.Add($"{what} {saved ?? "none"} (now {current ?? "none"})");
            }
        }

        static string List(ImmutableArray<string> items) => items.IsDefaultOrEmpty ? "none" : string.Join(", ", items);

        if (SuiteLocations is { } locations && now.SuiteLocations is { } nowLocations)
        {
            Check("suites", List(locations), List(nowLocations));
        }
        else
        {
            Check("suites", List(Suites), List(now.Suites));
        }

        Check("policy", Policy, now.Policy);
        Check("model", Model, now.Model);
        if (Classifier is not null)
        {
            Check("classifier", Classifier, now.Classifier);
        }

        Check("tiers", Tiers ?? DefaultTiers, now.Tiers ?? DefaultTiers);
        if (Columns is not null)
        {
            Check("judge", Judge, now.Judge);
            Check("suite columns", Columns, now.Columns);
        }

        Check("attacks", List(Attacks), List(now.Attacks));
        Check("strategies", List(Strategies), List(now.Strategies));
        Check("seed", Seed.ToString(CultureInfo.InvariantCulture), now.Seed.ToString(CultureInfo.InvariantCulture));
        return diffs;
    }

    private static ImmutableArray<string> Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString() ?? "")];
}
