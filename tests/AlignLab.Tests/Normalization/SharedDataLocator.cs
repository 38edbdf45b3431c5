namespace AlignLab.Tests.Normalization;

/// <summary>Finds the shared data folder (<c>shared/data</c>, a sibling of the repository folder).</summary>
internal static class SharedDataLocator
{
    /// <summary>
    /// Walks up from <see cref="AppContext.BaseDirectory"/> until a directory containing <c>shared/data</c>,
    /// or whose parent contains it, is found. Fails the test with a clear message otherwise.
    /// </summary>
    public static string FindFile(params string[] relativePath)
    {
        var start = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "data"), Path.Combine(dir.FullName, "..", "shared", "data") })
            {
                if (Directory.Exists(candidate))
                {
                    var file = Path.GetFullPath(Path.Combine([candidate, .. relativePath]));
                    if (!File.Exists(file))
                    {
                        Assert.Fail($"The shared data folder '{Path.GetFullPath(candidate)}' exists but '{string.Join('/', relativePath)}' is missing from it.");
                    }

                    return file;
                }
            }
        }

        Assert.Fail($"Could not find 'shared/data' in any parent of '{start}' (nor a '../shared/data' next to one). "
            + "The shared data folder must sit beside the repository folder.");
        return string.Empty;
    }
}
