using AlignLab.Server.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AlignLab.Server.Tests.Hosting;

/// <summary>
/// The gateway does not watch the directory it runs from (issue 14 item 18, found in a perf profile of the pinned load
/// test: <c>inotify_read</c> woke a thread for the audit writes). ASP.NET Core's default appsettings.json reload put a
/// recursive watcher on the current directory (3,847 inotify watches when run from /tmp), so every SQLite write below
/// it woke a thread; the gateway's own settings never came from appsettings.json.
/// </summary>
public sealed class ConfigurationReloadTests
{
    [Fact]
    public async Task No_configuration_file_of_the_gateway_reloads_on_change_so_no_directory_is_watched()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var files = ((IConfigurationRoot)gateway.App.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files); // appsettings.json is still read (optional), just not watched
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} reloads on change"));
    }
}
