using AlignLab.Diagnostics;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// The evaluation suites embedded in the library (built from <c>data/eval/*.jsonl</c>; sources, licences and how the rows
/// were chosen are in <c>data/eval/README.md</c>): <see cref="Harmful"/>, <see cref="Benign"/>, <see cref="Contrast"/>,
/// <see cref="Jailbreaks"/> and <see cref="Injections"/>. Case ids are <c>{suite}-{nnnn}</c> and never change for a given
/// file version.
/// </summary>
public static class BundledSuites
{
    /// <summary>Harmful requests across S1–S14, each with its category.</summary>
    public const string Harmful = "harmful";

    /// <summary>Ordinary benign requests.</summary>
    public const string Benign = "benign";

    /// <summary>Benign requests that look alarming ("kill a process"), labelled <see cref="CaseLabel.Contrast"/>; the category is the one they resemble.</summary>
    public const string Contrast = "contrast";

    /// <summary>In-the-wild jailbreak prompts (harmful, category <c>jailbreak</c>).</summary>
    public const string Jailbreaks = "jailbreaks";

    /// <summary>Prompt injections, direct and planted in documents (harmful, category <c>prompt_injection</c>).</summary>
    public const string Injections = "injections";

    /// <summary>The location prefix of bundled suites in <see cref="SuiteSource.Location"/>.</summary>
    public const string LocationPrefix = "bundled:";

    private const string ResourcePrefix = "AlignLab.eval.";

    /// <summary>Every bundled suite, in the order the default evaluation reads them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Harmful, Benign, Contrast, Jailbreaks, Injections];

    /// <summary>Whether <paramref name="name"/> is a bundled suite (case-insensitive).</summary>
    public static bool Contains(string? name) => name is not null && Names.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Streams a bundled suite's cases.</summary>
    /// <exception cref="ArgumentException">No bundled suite has that name (the message suggests the closest).</exception>
    public static IEnumerable<EvalCase> Open(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Contains(name))
        {
            throw new ArgumentException($"no bundled suite '{name}'; {Suggestions.Hint(name, [.. Names])}", nameof(name));
        }

        return Read(Entry(name));
    }

    /// <summary>Streams every bundled suite in <see cref="Names"/> order.</summary>
    public static IEnumerable<EvalCase> OpenAll() => Names.SelectMany(Open);

    /// <summary>The suite to read for a bundled name.</summary>
    internal static SuiteSet.Entry Entry(string name)
    {
        var canonical = Names.First(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return new SuiteSet.Entry(new SuiteSource(canonical, LocationPrefix + canonical), ".jsonl", () => OpenResource(canonical));
    }

    private static IEnumerable<EvalCase> Read(SuiteSet.Entry entry)
    {
        var options = new SuiteOptions();
        foreach (var record in SuiteFileReader.Read(entry.Source.Location, entry.Extension, entry.Open, options))
        {
            if (!SuiteSet.TryMap(record, entry.Source.Name, options, out var evalCase, out var error))
            {
                throw new InvalidDataException($"{entry.Source.Location}:{record.Line}: {error} (the bundled suite is damaged)");
            }

            yield return evalCase;
        }
    }

    private static Stream OpenResource(string name) =>
        typeof(BundledSuites).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".jsonl")
        ?? throw new InvalidOperationException($"the bundled suite '{name}' is missing from this build (resource {ResourcePrefix}{name}.jsonl)");
}
