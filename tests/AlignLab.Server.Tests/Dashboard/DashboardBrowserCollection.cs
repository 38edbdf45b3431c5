namespace AlignLab.Server.Tests.Dashboard;

/// <summary>The browser tests run one at a time (two cores; one Chromium).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardBrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Dashboard browser";
}
