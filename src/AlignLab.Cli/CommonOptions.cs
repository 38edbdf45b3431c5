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
}
