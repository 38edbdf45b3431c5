using AlignLab.Diagnostics;

namespace AlignLab.Evaluation.Suites;

/// <summary>
/// Resolves suite specs into a streamed <see cref="SuiteSet"/>. A spec is a bundled suite name
/// (<see cref="BundledSuites.Names"/>; bundled names win, so write <c>./harmful</c> for a folder of that name), a file
/// (.csv, .tsv, .jsonl, .ndjson, .json, .txt) or a directory (every supported file directly inside it, in ordinal name
/// order). A file's suite name is its file name without extension.
/// </summary>
public static class SuiteLoader
{
    /// <summary>Loads one spec.</summary>
    /// <exception cref="SuiteException">The spec names nothing, a file type is unsupported, a file has no rows, or a file's columns or labels cannot be used.</exception>
    public static SuiteSet Load(string spec, SuiteOptions? options = null) => Load([spec], options);

    /// <summary>
    /// Loads several specs into one set (ids unique across all of them). Each file's header and first row are read now,
    /// so a missing column or label, or a file with no rows at all, fails here with the file and line; the rows are read
    /// when the set is enumerated.
    /// </summary>
    /// <exception cref="SuiteException">See <see cref="Load(string, SuiteOptions?)"/>.</exception>
    public static SuiteSet Load(IEnumerable<string> specs, SuiteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        options ??= new SuiteOptions();
        var entries = new List<SuiteSet.Entry>();
        foreach (var spec in specs)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(spec);
            entries.AddRange(Resolve(spec.Trim(), options));
        }

        foreach (var entry in entries.Where(e => !e.Source.IsBundled))
        {
            Probe(entry, options);
        }

        return new SuiteSet(entries, options);
    }

    private static IEnumerable<SuiteSet.Entry> Resolve(string spec, SuiteOptions options)
    {
        if (BundledSuites.Contains(spec))
        {
            return [BundledSuites.Entry(spec)];
        }

        if (File.Exists(spec))
        {
            if (!SuiteFileReader.IsSupported(spec))
            {
                throw new SuiteException(spec, 0, $"unsupported file type '{Path.GetExtension(spec)}'; use {string.Join(", ", SuiteFileReader.Extensions)}");
            }

            return [FileEntry(spec)];
        }

        if (Directory.Exists(spec))
        {
            var files = Directory.EnumerateFiles(spec)
                .Where(SuiteFileReader.IsSupported)
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new SuiteException(spec, 0, $"the folder has no suite files ({string.Join(", ", SuiteFileReader.Extensions)})");
            }

            return files.Select(FileEntry);
        }

        _ = options;
        var closest = Suggestions.Closest(spec, BundledSuites.Names);
        throw new SuiteException(
            $"'{spec}' is neither a bundled suite nor an existing file or folder; " +
            (closest is not null ? $"did you mean '{closest}'?" : $"the bundled suites are: {string.Join(", ", BundledSuites.Names)}"));
    }

    private static SuiteSet.Entry FileEntry(string path) =>
        new(new SuiteSource(Path.GetFileNameWithoutExtension(path), path), Path.GetExtension(path), () => File.OpenRead(path));

    /// <summary>
    /// Reads up to the first row so that file-level problems surface now rather than mid-run; a file without a single
    /// row (empty, blank lines only, or a header only) fails, so that a run never silently evaluates nothing.
    /// </summary>
    private static void Probe(SuiteSet.Entry entry, SuiteOptions options)
    {
        using var e = SuiteFileReader.Read(entry.Source.Location, entry.Extension, entry.Open, options).GetEnumerator();
        if (!e.MoveNext())
        {
            throw new SuiteException(entry.Source.Location, 0, "the file holds no cases (no rows to evaluate)");
        }
    }
}
