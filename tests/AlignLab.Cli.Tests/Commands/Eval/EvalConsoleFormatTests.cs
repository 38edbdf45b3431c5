using System.Text.RegularExpressions;

namespace AlignLab.Cli.Tests.Commands.Eval;

/// <summary>Percentages in the eval console output are written one way: "65.7%", never "65.7 %".</summary>
public sealed partial class EvalConsoleFormatTests : EvalTempDir
{
    [Fact]
    public async Task Percentages_have_no_space_before_the_sign()
    {
        var r = await CliRunner.RunAsync("eval", "--suite", "harmful", "--attacks", "base64", "--output", Out("run"));

        Assert.True(r.ExitCode == ExitCodes.Ok, r.Error);
        Assert.Matches(NoSpace(), r.Output);
        Assert.DoesNotMatch(Spaced(), r.Output);
    }

    [GeneratedRegex(@"\d\.\d%")]
    private static partial Regex NoSpace();

    [GeneratedRegex(@"\d \%")]
    private static partial Regex Spaced();
}
