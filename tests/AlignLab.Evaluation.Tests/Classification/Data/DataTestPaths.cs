using AlignLab.Classification.Data;

namespace AlignLab.Tests.Classification.Data;

/// <summary>
/// The real data folders: ../shared/data beside the repository and the repository's data/. Tests that use them carry
/// [SharedDataFact] (skipped without the data outside CI); in CI a missing folder fails the test with a clear message.
/// </summary>
internal static class DataTestPaths
{
    public static string Project => Path.Combine(RepoPaths.Root, "data");

    public static DataDirectories Dirs => new(RepoPaths.SharedData, Project);

    public static CorpusOptions Options(bool includeDevelopmentOnly = false, int seed = 1234) => new()
    {
        SharedDataDirectory = RepoPaths.SharedData,
        ProjectDataDirectory = Project,
        IncludeDevelopmentOnly = includeDevelopmentOnly,
        Seed = seed,
    };
}
