using System.CommandLine;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Cli;

/// <summary>The suite options shared by <c>eval</c>, <c>tune</c>, <c>analyze</c> and <c>profile</c> (--suite and the user-file columns).</summary>
internal sealed class SuiteArguments
{
    private SuiteArguments(string defaultsText)
    {
        Suites = new Option<string[]>("--suite", "-s")
        {
            Description = $"Suites: bundled names ({string.Join(", ", BundledSuites.Names)}), files (.csv .tsv .jsonl .json .txt) or directories. Repeatable. Default: {defaultsText}.",
            AllowMultipleArgumentsPerToken = true,
        };
        DefaultLabel.AcceptOnlyFromAmong("harmful", "benign", "contrast");
    }

    public Option<string[]> Suites { get; }

    public Option<string?> TextColumn { get; } = new("--text-column") { Description = "Text column of user suite files." };

    public Option<string?> LabelColumn { get; } = new("--label-column") { Description = "Label column of user suite files (harmful/benign/contrast, 1/0, or a category id)." };

    public Option<string?> CategoryColumn { get; } = new("--category-column") { Description = "Category column of user suite files." };

    public Option<string?> DefaultLabel { get; } = new("--default-label") { Description = "Label for files without a label column (harmful, benign or contrast)." };

    /// <summary>The options, with <paramref name="defaultsText"/> describing the suites used when none is given.</summary>
    public static SuiteArguments Create(string defaultsText) => new(defaultsText);

    public void AddTo(Command command)
    {
        command.Options.Add(Suites);
        command.Options.Add(TextColumn);
        command.Options.Add(LabelColumn);
        command.Options.Add(CategoryColumn);
        command.Options.Add(DefaultLabel);
    }

    /// <summary>Loads the suites named on the command line, or <paramref name="defaults"/>; problems are usage errors.</summary>
    public SuiteSet Load(ParseResult parse, IReadOnlyList<string> defaults, CaseLabel? fallbackLabel = null) =>
        Load(Specs(parse, defaults), Options(parse, fallbackLabel));

    /// <summary>The suites named on the command line, or <paramref name="defaults"/>.</summary>
    public IReadOnlyList<string> Specs(ParseResult parse, IReadOnlyList<string> defaults) =>
        parse.GetValue(Suites) is { Length: > 0 } s ? s : defaults;

    /// <summary>The suite files named on the command line, for commands that must not write over them.</summary>
    public IEnumerable<(string? Path, string What)> InputFiles(ParseResult parse) =>
        (parse.GetValue(Suites) ?? []).Where(File.Exists).Select(f => ((string?)f, "--suite file"));

    /// <summary>The column options given on the command line.</summary>
    public SuiteOptions Options(ParseResult parse, CaseLabel? fallbackLabel = null) => new()
    {
        TextColumn = parse.GetValue(TextColumn),
        LabelColumn = parse.GetValue(LabelColumn),
        CategoryColumn = parse.GetValue(CategoryColumn),
        DefaultLabel = parse.GetValue(DefaultLabel) switch
        {
            "harmful" => CaseLabel.Harmful,
            "benign" => CaseLabel.Benign,
            "contrast" => CaseLabel.Contrast,
            _ => fallbackLabel,
        },
    };

    /// <summary>Loads suites; problems are usage errors.</summary>
    public static SuiteSet Load(IReadOnlyList<string> specs, SuiteOptions options)
    {
        try
        {
            return SuiteLoader.Load(specs, options);
        }
        catch (SuiteException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }

    /// <summary>Reports rows that were skipped as malformed, as <c>eval</c> does.</summary>
    public static void ReportErrors(CliContext ctx, SuiteSet suites)
    {
        if (suites.ErrorCount == 0)
        {
            return;
        }

        ctx.Error.WriteLine("alignlab: " + suites.ErrorSummary);
        foreach (var e in suites.Errors.Take(10))
        {
            ctx.Error.WriteLine("  " + e);
        }
    }
}
