namespace AlignLab.Testing.Support;

/// <summary>
/// Whether the tests run in CI (<c>CI=true</c>, as .ci/run and the usual CI services set it). There a missing outside
/// requirement (the shared datasets, a browser) fails its tests; on a developer's machine it skips them, saying why.
/// </summary>
public static class CiMode
{
    public static bool IsOn => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
