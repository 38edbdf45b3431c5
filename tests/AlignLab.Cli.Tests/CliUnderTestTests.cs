namespace AlignLab.Cli.Tests;

/// <summary>
/// The tests run the command line of this checkout: in process (<see cref="CliRunner"/>), or as 'dotnet exec' of the
/// AlignLab.Cli.dll in this project's own output, never from a folder under the system temp directory that other
/// clones on the machine would share (issue 14). The packaging tests build into the checkout (bin/Release) and
/// their own test output.
/// </summary>
public sealed class CliUnderTestTests
{
    [Fact]
    public void The_command_line_under_test_is_built_inside_this_checkout()
    {
        var dll = typeof(AlignLabCli).Assembly.Location;

        Assert.StartsWith(Path.Combine(CliRunner.Root, "tests", "AlignLab.Cli.Tests", "bin") + Path.DirectorySeparatorChar, dll, StringComparison.Ordinal);
        Assert.Equal(Path.GetDirectoryName(typeof(CliUnderTestTests).Assembly.Location), Path.GetDirectoryName(dll));
    }
}
