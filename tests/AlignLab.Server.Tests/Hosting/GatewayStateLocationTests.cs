using AlignLab.Server.Hosting;
using AlignLab.Storage;

namespace AlignLab.Server.Tests.Hosting;

/// <summary>
/// Repro: <c>alignlab serve</c> started at the repository root created <c>alignlab-audit.db</c> there (an untracked
/// file), because the default audit path was relative to the current directory.
/// </summary>
public sealed class GatewayStateLocationTests
{
    [Fact]
    public void The_default_audit_database_is_in_the_AlignLab_home_not_the_directory_serve_runs_from()
    {
        var options = new GatewayOptions();

        Assert.True(Path.IsPathFullyQualified(options.AuditDatabasePath));
        Assert.Equal(Path.Combine(AlignLabHome.Path, "alignlab-audit.db"), options.AuditDatabasePath);
        Assert.NotEqual(Path.GetFullPath("alignlab-audit.db"), options.AuditDatabasePath);
    }
}
