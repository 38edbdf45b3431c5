using System.CommandLine;

namespace AlignLab.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string?> Policy(bool required = false) => new("--policy", "-p")
    {
        Description = required
            ? "Constitution YAML file."
            : "Constitution YAML file (default: the embedded AlignLab default constitution).",
        Required = required,
    };

    public static Option<string?> Context() => new("--context")
    {
        Description = "Activate a context defined under 'contexts:' (e.g. educational).",
    };

    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Activate a user profile defined under 'profiles:' (e.g. expert).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to standard output.",
    };

    /// <summary><c>--max-record-chars</c>: the most characters one record of an --input file may hold.</summary>
    public static Option<int> MaxRecordChars() => new("--max-record-chars")
    {
        Description = "The most characters one record of the --input file may hold (a line of .txt/.jsonl, a .csv record); "
            + "a longer record is an error naming its line, and is never held in memory.",
        DefaultValueFactory = _ => IO.TabularInput.DefaultMaxRecordChars,
    };

    /// <summary>The value of <see cref="MaxRecordChars"/>, checked (at least 1).</summary>
    public static int MaxRecordCharsValue(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 1 ? value : throw new CliUsageException($"--max-record-chars must be at least 1, not {value}");
    }
}
