using System.Runtime.CompilerServices;
using AlignLab.Storage;

namespace AlignLab.Cli.Tests;

/// <summary>
/// Points <c>ALIGNLAB_HOME</c> at a folder of this test build before any test runs, so the commands the tests run in
/// process (eval without --output, tune without --policy, serve) keep their state there and never in the user's
/// real data folder (nor in one the user set ALIGNLAB_HOME to).
/// </summary>
internal static class TestHome
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "alignlab-home");

    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable(AlignLabHome.EnvironmentVariable, Path);
}
