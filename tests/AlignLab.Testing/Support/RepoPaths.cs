namespace AlignLab.Testing.Support;

/// <summary>Finds the repository root and the shared data folder (../shared/data beside the checkout).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The shared datasets. Tests that need them fail with a clear message when they are absent.</summary>
    public static string SharedData
    {
        get
        {
            foreach (var candidate in new[] { Path.Combine(Root, "..", "shared", "data"), Path.Combine(Root, "shared", "data") })
            {
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            throw new DirectoryNotFoundException($"../shared/data was not found beside the repository at {Root}; the tests need the shared datasets.");
        }
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
