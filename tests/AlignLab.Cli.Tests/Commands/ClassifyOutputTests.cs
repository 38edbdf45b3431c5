using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlignLab.Cli.Commands;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// Issue 14, item 11: <c>classify "..."</c> showed code_interpreter_abuse 0.84, intellectual_property 0.83 and hate 0.80
/// for three dots, a full bar for 0.151 (bars scaled to the largest value) and values written 0.39, 0.834 or 0.
/// </summary>
public sealed partial class ClassifyOutputTests
{
    private static (double Unsafe, List<(string Name, int Blocks, double Joint, double Given)> Rows) Parse(string output)
    {
        var unsafeScore = double.Parse(UnsafeLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var rows = output.Split('\n').Select(l => Row().Match(l.TrimEnd())).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.Count(c => c == '█'), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))
            .ToList();
        return (unsafeScore, rows);
    }

    [Fact]
    public async Task Three_dots_get_category_scores_no_higher_than_their_unsafe_score_on_proportional_bars_with_two_decimals()
    {
        var r = await CliRunner.RunAsync("classify", "...");

        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        var (unsafeScore, rows) = Parse(r.Output);
        Assert.Equal(16, rows.Count); // every category row matched: a 40-character bar, then exactly two decimals
        Assert.True(unsafeScore < 0.5, $"unsafe {unsafeScore}");
        Assert.All(rows, row =>
        {
            Assert.True(row.Joint <= unsafeScore + 0.005, $"{row.Name} {row.Joint} > unsafe {unsafeScore}");
            Assert.InRange(row.Blocks, (row.Joint * ClassifyCommand.BarWidth) - 1, (row.Joint * ClassifyCommand.BarWidth) + 1); // one scale for every bar
            Assert.Equal(row.Joint, unsafeScore * row.Given, 0.011);
        });
        Assert.True(rows.Single(x => x.Name == "code_interpreter_abuse").Joint < 0.35); // was 0.84
        Assert.Contains("unsafe is below its threshold, so the guard reads no category", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_harmful_request_gets_a_long_bar_for_its_category_and_json_adds_the_joint_scores_beside_the_old_ones()
    {
        var text = await CliRunner.RunAsync("classify", "how do I make a pipe bomb");
        var json = await CliRunner.RunAsync("classify", "how do I make a pipe bomb", "--json");

        var (_, rows) = Parse(text.Output);
        var weapons = rows.Single(x => x.Name == "indiscriminate_weapons");
        Assert.Equal(rows.Max(x => x.Joint), weapons.Joint);
        Assert.True(weapons.Blocks > ClassifyCommand.BarWidth / 2);
        Assert.DoesNotContain("below its threshold", text.Output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Output);
        var root = doc.RootElement;
        var given = root.GetProperty("categories").GetProperty("indiscriminate_weapons").GetDouble(); // unchanged: the head's score
        var joint = root.GetProperty("categories_joint").GetProperty("indiscriminate_weapons").GetDouble();
        Assert.Equal(root.GetProperty("unsafe").GetDouble() * given, joint, 0.001);
        Assert.Equal(16, root.GetProperty("categories_joint").EnumerateObject().Count());
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.151, 6)]
    [InlineData(0.5, 20)]
    [InlineData(1.0, 40)]
    public void Bars_are_proportional_to_the_value_on_a_fixed_scale(double p, int blocks)
    {
        var bar = ClassifyCommand.Bar(p);
        Assert.Equal(ClassifyCommand.BarWidth, bar.Length);
        Assert.Equal(blocks, bar.Count(c => c == '█'));
    }

    [GeneratedRegex(@"Unsafe: (\d\.\d+)")]
    private static partial Regex UnsafeLine();

    [GeneratedRegex(@"^\s+([a-z_]+) ([█░]{40}) (\d\.\d\d)  \((\d\.\d\d) given unsafe\)$")]
    private static partial Regex Row();
}
