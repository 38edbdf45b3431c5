using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlignLab.Cli.Tests.Packaging;

/// <summary>
/// The install paths of the README, run as a user would (issue 14: the published program was AlignLab.Cli, and
/// neither the tool package nor the image build was exercised). One Release build serves both: the Dockerfile's
/// publish step (its own command line, read from the Dockerfile), then 'dotnet pack --no-build' of the same build
/// and 'dotnet tool install' of that package from a local folder, offline (no other package source).
/// Everything is written in this checkout's test output, never in a folder other clones share.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed partial class ToolInstallTests : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _dir = Path.Combine(AppContext.BaseDirectory, "install-test-" + Guid.NewGuid().ToString("N"));

    public ToolInstallTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task The_Dockerfile_publish_step_and_the_packed_tool_run_and_the_tool_is_called_alignlab()
    {
        // The Dockerfile's publish step, exactly, with its output folder moved from /app to a folder of the test.
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(CliRunner.Root, "Dockerfile"));
        var publish = PublishStep().Match(dockerfile);
        Assert.True(publish.Success, "the Dockerfile has no 'RUN dotnet publish … -o /app' step");
        var published = Path.Combine(_dir, "app");
        var args = publish.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a == "/app" ? published : a).ToList();
        Assert.Contains("-o", args);
        var built = await DotnetProcess.RunAsync("dotnet", args, BuildTimeout);
        Assert.True(built.ExitCode == 0, built.Output + built.Error);

        // The image's entry point names the published assembly.
        var entry = JsonSerializer.Deserialize<string[]>(EntryPoint().Match(dockerfile).Groups["json"].Value)!;
        Assert.Equal("dotnet", entry[0]);
        Assert.True(File.Exists(Path.Combine(published, entry[1])), $"ENTRYPOINT runs {entry[1]}, which the publish step did not write");
        var version = await DotnetProcess.RunAsync("dotnet", [Path.Combine(published, entry[1]), "--version"], TimeSpan.FromMinutes(1));
        Assert.True(version.ExitCode == 0, version.Error);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        // The README's tool install, packed from the Release build just made (built without an apphost, as the
        // Dockerfile asks; a tool package never carries one).
        var packages = Path.Combine(_dir, "nupkg");
        var packed = await DotnetProcess.RunAsync(
            "dotnet", ["pack", "src/AlignLab.Cli", "-c", "Release", "--no-build", "-p:UseAppHost=false", "-o", packages], BuildTimeout);
        Assert.True(packed.ExitCode == 0, packed.Output + packed.Error);
        var config = Path.Combine(_dir, "nuget.config");
        await File.WriteAllTextAsync(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_dir, "tools");
        var installed = await DotnetProcess.RunAsync(
            "dotnet", ["tool", "install", "AlignLab.Cli", "--tool-path", tools, "--add-source", packages, "--configfile", config], TimeSpan.FromMinutes(3));
        Assert.True(installed.ExitCode == 0, installed.Output + installed.Error);
        Assert.Contains("alignlab", installed.Output, StringComparison.Ordinal);

        var alignlab = Path.Combine(tools, OperatingSystem.IsWindows() ? "alignlab.exe" : "alignlab");
        var toolVersion = await DotnetProcess.RunAsync(alignlab, ["--version"], TimeSpan.FromMinutes(1));
        Assert.True(toolVersion.ExitCode == 0, toolVersion.Error);
        Assert.Equal(version.Output, toolVersion.Output);
        var check = await DotnetProcess.RunAsync(alignlab, ["check", "hello"], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == ExitCodes.Ok, check.Output + check.Error);
        Assert.Contains("Decision: allow", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_publish_writes_the_executable_as_alignlab()
    {
        // The README's 'dotnet publish src/AlignLab.Cli' wrote an executable named AlignLab.Cli. Published here from the
        // build the tests run on (--no-build), which has the apphost.
        var published = Path.Combine(_dir, "publish");
        var r = await DotnetProcess.RunAsync("dotnet", ["publish", "src/AlignLab.Cli", "-c", Configuration, "--no-build", "-o", published], BuildTimeout);
        Assert.True(r.ExitCode == 0, r.Output + r.Error);

        var executable = OperatingSystem.IsWindows() ? ".exe" : "";
        Assert.True(File.Exists(Path.Combine(published, "alignlab" + executable)), string.Join(", ", Directory.GetFiles(published).Select(f => Path.GetFileName(f))));
        Assert.False(File.Exists(Path.Combine(published, "AlignLab.Cli" + executable)));
        var version = await DotnetProcess.RunAsync(Path.Combine(published, "alignlab" + executable), ["--version"], TimeSpan.FromMinutes(1));
        Assert.True(version.ExitCode == 0, version.Error);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^RUN dotnet (?<args>publish .+ -o /app(?: .*)?)$", RegexOptions.Multiline)]
    private static partial Regex PublishStep();

    [GeneratedRegex(@"^ENTRYPOINT (?<json>\[.*\])$", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();
}
