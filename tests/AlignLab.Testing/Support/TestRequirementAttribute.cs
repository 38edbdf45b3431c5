namespace AlignLab.Testing.Support;

/// <summary>
/// Marks a test class as needing something outside the process (a database server, a browser). The class's
/// <see cref="ContractFactAttribute"/> facts, which it may inherit from a shared contract, are skipped with the
/// reason <see cref="Unavailable"/> gives; in CI (<c>CI=true</c>) an implementation should give none, so they fail.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = true)]
public abstract class TestRequirementAttribute : Attribute
{
    /// <summary>Why the requirement cannot be met here, or null when it can.</summary>
    public abstract string? Unavailable();
}
