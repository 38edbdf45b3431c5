using Xunit;

namespace AlignLab.Testing.Support;

/// <summary>
/// Compares text with a checked-in golden file, byte for byte. With <c>ALIGNLAB_UPDATE_GOLDEN=1</c> the test writes the
/// file instead (and passes), so a deliberate format change is one run plus a reviewed diff.
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that makes <see cref="AssertMatches"/> rewrite the golden files.</summary>
    public const string UpdateVariable = "ALIGNLAB_UPDATE_GOLDEN";

    /// <summary>Asserts that <paramref name="actual"/> equals the file at <paramref name="repoRelativePath"/>.</summary>
    public static void AssertMatches(string repoRelativePath, string actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = Path.Combine(RepoPaths.Root, repoRelativePath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(actual));
            return;
        }

        Assert.True(File.Exists(path), $"golden file {repoRelativePath} is missing; run the test once with {UpdateVariable}=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
