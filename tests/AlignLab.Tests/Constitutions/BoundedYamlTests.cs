using System.Text;
using AlignLab.Constitutions;
using AlignLab.Diagnostics;
using CsCheck;

namespace AlignLab.Tests.Constitutions;

public sealed class BoundedYamlTests
{
    private const int Deep = 100_000;

    public static TheoryData<string, string> DeepDocuments => new()
    {
        // Issue 13: 40,000 '[' + 40,000 ']' (80 KB) ended the process with "Stack overflow." in YamlDotNet.
        { "flow lists", new string('[', Deep) + new string(']', Deep) },
        { "flow mappings", string.Concat(Enumerable.Repeat("{a: ", Deep)) + "x" + new string('}', Deep) },
        { "compact block lists", string.Concat(Enumerable.Repeat("- ", Deep)) + "x" },
        { "block mappings", string.Join("\n", Enumerable.Range(0, 2_800).Select(i => new string(' ', i) + "a:")) },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void Deep_nesting_is_an_error_at_the_first_level_past_the_limit_not_a_crash(string kind, string yaml)
    {
        var result = ConstitutionLoader.LoadText(yaml, "deep.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("more than 64 levels deep", d.Message, StringComparison.Ordinal);
        Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, kind + ": " + d);
    }

    [Fact]
    public void The_error_names_the_line_and_column_of_the_first_list_past_the_limit()
    {
        var d = Assert.Single(ConstitutionLoader.LoadText(new string('[', 65) + new string(']', 65), "deep.yaml").Errors);

        Assert.Equal((1, 65), (d.Location.Line, d.Location.Column));
        Assert.Contains("MaxDepth", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_at_the_limit_still_parses()
    {
        var stream = BoundedYaml.Load(new string('[', 64) + new string(']', 64), 64);

        Assert.Single(stream.Documents);
    }

    [Fact]
    public void An_alias_cycle_used_as_a_key_is_an_error_not_a_crash()
    {
        // '? &a [*a]' made a list that contains itself; hashing it as a key never returned (stack overflow).
        var d = Assert.Single(ConstitutionLoader.LoadText("? &a [*a]\n: v\n", "cycle.yaml").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Equal((1, 7), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void An_alias_chain_counts_as_deep_as_what_it_repeats()
    {
        // a0: &a0 [x], a1: &a1 [*a0], ... then '? *a99999': 100,000 levels through aliases, hashed recursively as a key.
        var sb = new StringBuilder("a0: &a0 [x]\n");
        for (var i = 1; i < Deep; i++)
        {
            sb.Append("a").Append(i).Append(": &a").Append(i).Append(" [*a").Append(i - 1).Append("]\n");
        }

        sb.Append("k: {? *a").Append(Deep - 1).Append(" : v}\n");

        var d = Assert.Single(ConstitutionLoader.LoadText(sb.ToString(), "chain.yaml").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Equal(64, d.Location.Line); // a63: &a63 [*a62] is the 65th level
        Assert.Contains("*a62", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_under_a_key_stops_at_the_alias_that_repeats_too_much()
    {
        // Ten levels of ten aliases: 10^10 nodes that YamlDotNet would hash one by one.
        var sb = new StringBuilder("b0: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            var aliases = string.Join(", ", Enumerable.Repeat("*b" + (i - 1), 10));
            sb.Append("b").Append(i).Append(": &b").Append(i).Append(" [").Append(aliases).Append("]\n");
        }

        sb.Append("k: {? *b9 : v}\n");

        var d = Assert.Single(ConstitutionLoader.LoadText(sb.ToString(), "bomb.yaml").Errors);

        Assert.Equal(DiagnosticCodes.InputTooLarge, d.Code);
        Assert.Contains("aliases repeat more than", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_nesting_either_loads_within_the_limit_or_is_an_error_with_a_position() =>
        Nesting.Sample(n =>
        {
            var (yaml, depth) = n;
            var result = ConstitutionLoader.LoadText(yaml, "n.yaml", null, ConstitutionLoadOptions.Default with { MaxDepth = 16 });
            var deep = result.Errors.Where(e => e.Message.Contains("levels deep", StringComparison.Ordinal)).ToList();
            return depth <= 16
                ? deep.Count == 0
                : deep.Count == 1 && deep[0].Location.Line >= 1 && deep[0].Location.Column >= 1;
        }, iter: 300);

    [Theory]
    [InlineData(new[] { 0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2 }, false)] // 8 block levels, a mapping, 7 flow levels: 16
    [InlineData(new[] { 0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2, 3 }, true)] // one flow level more: 17
    public void Block_and_flow_levels_add_up_to_the_depth(int[] kinds, bool tooDeep)
    {
        var (yaml, depth) = Build(kinds);
        var result = ConstitutionLoader.LoadText(yaml, "n.yaml", null, ConstitutionLoadOptions.Default with { MaxDepth = 16 });

        Assert.Equal(tooDeep ? 17 : 16, depth);
        Assert.Equal(tooDeep, result.Errors.Any(e => e.Message.Contains("levels deep", StringComparison.Ordinal)));
    }

    /// <summary>Random nestings of block lists, block mappings, flow lists and flow mappings, with their true depth.</summary>
    private static readonly Gen<(string Yaml, int Depth)> Nesting = Gen.Int[0, 3].Array[1, 40].Select(Build);

    private static (string Yaml, int Depth) Build(int[] kinds)
    {
        // Block constructs first (each indented under the previous), then flow constructs inside the innermost one.
        var blocks = kinds.TakeWhile(k => k < 2).ToArray();
        var flows = kinds.Skip(blocks.Length).Select(k => k % 2 == 0 ? ("[", "]") : ("{k: ", "}")).ToArray();
        var sb = new StringBuilder();
        var indent = 0;
        foreach (var k in blocks)
        {
            sb.Append(' ', indent).Append(k == 0 ? "- " : "k: ").Append('\n');
            indent += 2;
        }

        sb.Append(' ', indent).Append(blocks.Length == 0 ? "" : "x: ");
        sb.Append(string.Concat(flows.Select(f => f.Item1))).Append('x').Append(string.Concat(flows.Reverse().Select(f => f.Item2))).Append('\n');
        var depth = blocks.Length + flows.Length + (blocks.Length == 0 ? 0 : 1);
        return (sb.ToString(), depth);
    }
}
