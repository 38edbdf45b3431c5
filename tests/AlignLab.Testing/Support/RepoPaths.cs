namespace AlignLab.Testing.Support;

/// <summary>Finds the repository root and the shared data folder (../shared/data beside the checkout).</summary>
public static class RepoPaths
{
    /// <summary>The message a test that needs the shared data skips (outside CI) or fails (in CI) with.</summary>
    public const string SharedDataMissing =
        "needs the shared datasets in ../shared/data beside the repository (not part of a clone; see data/SURVEY.md); "
        + "skipped outside CI, a failure with CI=true";

    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>
    /// The shared datasets. A test that reads them carries <see cref="SharedDataFactAttribute"/> (or the theory), so
    /// it only gets here without them in CI, where this fails the test with a clear message.
    /// </summary>
    public static string SharedData =>
        FindSharedData() ?? throw new DirectoryNotFoundException($"../shared/data was not found beside the repository at {Root}: the test {SharedDataMissing}.");

    /// <summary>The shared data folder (../shared/data, or shared/data inside the checkout), or null when neither exists.</summary>
    public static string? FindSharedData()
    {
        foreach (var candidate in new[] { Path.Combine(Root, "..", "shared", "data"), Path.Combine(Root, "shared", "data") })
        {
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AlignLab.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("AlignLab.slnx not found above " + AppContext.BaseDirectory);
    }
}
