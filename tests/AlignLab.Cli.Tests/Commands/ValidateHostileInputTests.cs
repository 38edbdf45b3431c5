using AlignLab.Testing.Support;
using System.Diagnostics;
using System.Text;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>'alignlab validate' on the inputs of issue 13: each ends with exit code 1 and diagnostics, never 134 or 70.</summary>
public sealed class ValidateHostileInputTests
{
    private static async Task<CliResult> ValidateAsync(string yaml, Action<TempDir>? arrange = null)
    {
        using var dir = new TempDir();
        arrange?.Invoke(dir);
        var path = dir.Write("policy.yaml", yaml);
        return await CliRunner.RunAsync("validate", path);
    }

    [Fact]
    public async Task An_include_of_a_password_file_is_one_error_that_quotes_none_of_it()
    {
        // printf 'include: /etc/shadow\n' printed "unknown key 'root:*:…'" for every line.
        var r = await ValidateAsync("include: shadow\n", d => d.Write("shadow", "root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n"));

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Matches(@"policy\.yaml:1:10: error AL1002: the included file \S*shadow is not a constitution", r.Output);
        Assert.DoesNotContain("root", r.Output, StringComparison.Ordinal);
        Assert.Contains("1 error(s)", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include: /dev/zero\n")] // ran out of memory after 25 s at 4.2 GB
    [InlineData("include: /dev/urandom\n")]
    [InlineData("include: ../..\n")] // said "file not found: ../.."
    public async Task An_include_of_a_device_or_a_directory_fails_with_its_reason(string yaml)
    {
        var r = await ValidateAsync(yaml);

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Matches("is empty or is not a regular file|is a directory, not a file", r.Output);
    }

    [Fact]
    public async Task An_include_of_a_named_pipe_does_not_hang()
    {
        using var dir = new TempDir();
        var fifo = dir.File("pipe");
        using (var p = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false }))
        {
            await p!.WaitForExitAsync();
        }

        var path = dir.Write("policy.yaml", "include: pipe\n");
        var run = CliRunner.RunAsync("validate", path);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(ExitCodes.Failed, (await run).ExitCode);
    }

    public static TheoryData<string> DeepDocuments => new()
    {
        new string('[', 100_000) + new string(']', 100_000), // rc 134 "Stack overflow." at this depth
        string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "x" + new string('}', 100_000),
        string.Concat(Enumerable.Repeat("- ", 100_000)) + "x",
        string.Join("\n", Enumerable.Range(0, 2_800).Select(i => new string(' ', i) + "a:")),
        "? &a [*a]\n: v\n",
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public async Task Deep_nesting_is_a_diagnostic_with_a_position_not_a_crash(string yaml)
    {
        var r = await ValidateAsync(yaml);

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Matches(@"policy\.yaml:\d+:\d+: error AL1017: ", r.Output);
    }

    [Fact]
    public async Task Twenty_thousand_rules_are_refused_quickly_by_the_rule_limit()
    {
        // 20,000 regex rules did not finish validating in 60 s.
        var sb = new StringBuilder("constitutional_ai:\n  specific_rules:\n");
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append("    - {id: r").Append(i).Append(", trigger: \"w").Append(i).Append("[a-z]+\\\\s+x\", action: block}\n");
        }

        var r = await ValidateAsync(sb.ToString());

        Assert.Equal(ExitCodes.Failed, r.ExitCode);
        Assert.Contains("policy.yaml:2003:7: error AL1017: the policy has more than 2,000 rules", r.Output, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:259:", r.Output, StringComparison.Ordinal); // the 257th regex
        Assert.Contains("2 error(s)", r.Output, StringComparison.Ordinal);
    }
}
