namespace AlignLab.Server.Tests.Support;

/// <summary>A test class whose contract facts need a throw-away PostgreSQL (<see cref="TemporaryPostgres"/>).</summary>
public sealed class RequiresPostgresAttribute : TestRequirementAttribute
{
    public override string? Unavailable() => TemporaryPostgres.Unavailable();
}
