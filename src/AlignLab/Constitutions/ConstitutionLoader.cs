using System.Text;
using AlignLab.Constitutions.Loading;

namespace AlignLab.Constitutions;

/// <summary>
/// Reads constitutions from YAML. Every problem in the file and its includes is collected and reported with
/// file, line and column; nothing is thrown for bad input.
/// </summary>
public static class ConstitutionLoader
{
    /// <summary>Largest constitution file accepted (per file).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    internal static readonly string[] RootKeys = ["constitutional_ai", "include"];
    internal static readonly string[] SectionKeys =
    [
        "name", "version", "description", "include", "core_principles", "specific_rules", "intervention_thresholds", "classifier",
        "categories", "stages", "contexts", "profiles", "default_messages",
        "models", "judges", "critique_revision", "consensus", "cache", "context_injection", "pii", "review_queue",
    ];

    // The keys each section accepts, kept by the section's reader.
    internal static readonly string[] PrincipleKeys = PrinciplesSectionReader.Keys;
    internal static readonly string[] RuleKeys = RuleReader.Keys;
    internal static readonly string[] CategoryKeys = CategoriesSectionReader.Keys;
    internal static readonly string[] StageKeys = StagesSectionReader.Keys;
    internal static readonly string[] AdjustmentKeys = AdjustmentsSectionReader.Keys;
    internal static readonly string[] DefaultMessageKeys = DefaultMessagesSectionReader.Keys;
    internal static readonly string[] ClassifierKeys = ClassifierSectionReader.Keys;
    internal static readonly string[] UncertainBandKeys = ClassifierSectionReader.UncertainBandKeys;

    /// <summary>Loads a constitution file and everything it includes, with <see cref="ConstitutionLoadOptions.Default"/>.</summary>
    public static ConstitutionLoadResult LoadFile(string path) => LoadFile(path, ConstitutionLoadOptions.Default);

    /// <summary>Loads a constitution file and what it includes, as far as <paramref name="options"/> allow.</summary>
    public static ConstitutionLoadResult LoadFile(string path, ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        var session = new ConstitutionLoadSession(CheckOptions(options));
        var full = Path.GetFullPath(path);
        session.LoadFile(full, DisplayPath(full), includedFrom: null);
        return session.Finish();
    }

    /// <summary>
    /// Loads a constitution from YAML text, with <see cref="ConstitutionLoadOptions.Default"/>. Includes are resolved
    /// against <paramref name="baseDirectory"/> (default: the current directory).
    /// </summary>
    public static ConstitutionLoadResult LoadText(string yaml, string sourceName = "<inline>", string? baseDirectory = null) =>
        LoadText(yaml, sourceName, baseDirectory, ConstitutionLoadOptions.Default);

    /// <summary>
    /// Loads a constitution from YAML text as far as <paramref name="options"/> allow. With <see cref="IncludeMode.Files"/>
    /// includes are resolved against <paramref name="baseDirectory"/> (default: the current directory).
    /// </summary>
    public static ConstitutionLoadResult LoadText(string yaml, string sourceName, string? baseDirectory, ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var session = new ConstitutionLoadSession(CheckOptions(options));
        var dir = baseDirectory ?? Directory.GetCurrentDirectory();
        session.LoadDocument(yaml, sourceName, Path.Combine(dir, sourceName), includedFrom: null);
        return session.Finish();
    }

    /// <summary>Loads the default constitution embedded in the library (examples/default_constitution.yaml).</summary>
    public static Constitution LoadDefault() => LoadText(ReadDefaultText(), "default_constitution.yaml").GetOrThrow();

    /// <summary>The YAML text of the embedded default constitution.</summary>
    public static string ReadDefaultText()
    {
        using var stream = typeof(ConstitutionLoader).Assembly.GetManifestResourceStream("AlignLab.default_constitution.yaml")
            ?? throw new InvalidOperationException("The default constitution is not embedded in this build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    internal static string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) && relative.Count(c => c == Path.DirectorySeparatorChar) > 2 ? fullPath : relative;
    }

    private static ConstitutionLoadOptions CheckOptions(ConstitutionLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRules, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPatternLength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxTotalPatternLength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexPatterns, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexDistinctCharacters, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegexCompileBytes, nameof(options));
        if (options.Includes == IncludeMode.Folder && string.IsNullOrWhiteSpace(options.IncludeFolder))
        {
            throw new ArgumentException(
                $"{nameof(IncludeMode)}.{nameof(IncludeMode.Folder)} needs {nameof(ConstitutionLoadOptions.IncludeFolder)}", nameof(options));
        }

        return options;
    }

    /// <summary>A name that stays inside the include folder: no directory part, not '.' or '..', not rooted.</summary>
    internal static bool IsPlainFileName(string name) =>
        name.Length > 0
        && name.Trim() == name
        && name is not "." and not ".."
        && !name.Contains("..", StringComparison.Ordinal)
        && !Path.IsPathRooted(name)
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !name.Any(char.IsControl);
}
