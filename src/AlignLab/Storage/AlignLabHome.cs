namespace AlignLab.Storage;

/// <summary>
/// The one folder where AlignLab keeps what outlives a command: the gateway's SQLite databases (audit log, review queue,
/// preference pairs), eval runs written without <c>--output</c>, and the copy of the default constitution that a tuned
/// overlay includes. Nothing is written to the current directory unless a path option says so.
/// </summary>
/// <remarks>
/// The folder is <c>$ALIGNLAB_HOME</c> when that is set; else <c>$XDG_DATA_HOME/alignlab</c> when that is an absolute path;
/// else <c>alignlab</c> in the user's local data folder (<c>~/.local/share</c> on Linux, <c>~/Library/Application Support</c>
/// on macOS, <c>%LOCALAPPDATA%</c> on Windows). The Docker image sets <c>ALIGNLAB_HOME=/data</c>. Options that name a path
/// (<c>--audit-db</c>, <c>--output</c>, a gateway file's <c>audit:</c>) still win. The folder is created when something
/// is first written there.
/// </remarks>
public static class AlignLabHome
{
    /// <summary>The environment variable that moves the folder.</summary>
    public const string EnvironmentVariable = "ALIGNLAB_HOME";

    /// <summary>The sub-folder of eval runs written without <c>--output</c>.</summary>
    public const string EvalResultsFolder = "eval-results";

    /// <summary>The folder for this process's environment (read each time, so a changed variable takes effect).</summary>
    public static string Path => Resolve(Environment.GetEnvironmentVariable, LocalDataFolder());

    /// <summary>Where eval runs go without <c>--output</c>: <c>eval-results</c> in the folder.</summary>
    public static string EvalResults => System.IO.Path.Combine(Path, EvalResultsFolder);

    /// <summary>A file or folder name inside the folder (nothing is created).</summary>
    public static string Combine(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return System.IO.Path.Combine(Path, name);
    }

    /// <summary>
    /// The folder for the given environment: <c>ALIGNLAB_HOME</c>, else an absolute <c>XDG_DATA_HOME</c> plus
    /// <c>alignlab</c>, else <paramref name="localDataFolder"/> plus <c>alignlab</c>, else <c>.alignlab</c> in the current
    /// directory when the user has no data folder at all (no home directory).
    /// </summary>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="localDataFolder">The user's local application-data folder, empty when there is none.</param>
    public static string Resolve(Func<string, string?> environment, string localDataFolder)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(EnvironmentVariable) is { } home && !string.IsNullOrWhiteSpace(home))
        {
            return System.IO.Path.GetFullPath(home.Trim());
        }

        // The XDG base-directory spec: a relative XDG_DATA_HOME is invalid and is ignored.
        if (environment("XDG_DATA_HOME") is { } xdg && System.IO.Path.IsPathFullyQualified(xdg))
        {
            return System.IO.Path.Combine(xdg, "alignlab");
        }

        return string.IsNullOrWhiteSpace(localDataFolder)
            ? System.IO.Path.GetFullPath(".alignlab")
            : System.IO.Path.Combine(localDataFolder, "alignlab");
    }

    private static string LocalDataFolder() =>
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
}
