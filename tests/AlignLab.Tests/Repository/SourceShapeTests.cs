using System.Globalization;
using System.Text;

namespace AlignLab.Tests.Repository;

/// <summary>
/// The house limits on C# sources in src/, tests/ and bench/ (issue 16): no file over 500 lines, and lines of at most
/// 150 characters (<c>max_line_length</c> in .editorconfig). Lines written before the limit are listed per file in
/// long-lines.baseline; a file may only go down from its count there, and a file not listed may have none. Lowering a
/// count needs the baseline rewritten (<c>ALIGNLAB_UPDATE_GOLDEN=1</c>), so it never drifts back up.
/// </summary>
public sealed class SourceShapeTests
{
    private const int MaxFileLines = 500;
    private const int MaxLineLength = 150;
    private const string Baseline = "tests/AlignLab.Tests/Repository/long-lines.baseline";

    [Fact]
    public void No_source_file_is_over_500_lines()
    {
        var over = Sources()
            .Select(f => (File: f, Lines: File.ReadAllLines(Path.Combine(RepoPaths.Root, f)).Length))
            .Where(f => f.Lines > MaxFileLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        Assert.True(over.Count == 0, "split by concept: " + string.Join("; ", over));
    }

    [Fact]
    public void The_editorconfig_states_the_line_limit()
    {
        var editorconfig = File.ReadAllText(Path.Combine(RepoPaths.Root, ".editorconfig"));

        Assert.Contains($"max_line_length = {MaxLineLength}", editorconfig, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_has_more_lines_over_150_characters_than_the_baseline_allows()
    {
        var counts = Sources()
            .Select(f => (File: f, Long: LongLines(f)))
            .Where(f => f.Long.Count > 0)
            .ToDictionary(f => f.File, f => f.Long, StringComparer.Ordinal);
        var actual = Render(counts);
        if (Environment.GetEnvironmentVariable(GoldenFile.UpdateVariable) == "1")
        {
            File.WriteAllText(Path.Combine(RepoPaths.Root, Baseline), actual);
            return;
        }

        var allowed = ReadBaseline();
        var grew = counts
            .Where(c => c.Value.Count > allowed.GetValueOrDefault(c.Key))
            .Select(c => $"{c.Key}: {c.Value.Count} lines over {MaxLineLength} characters (allowed {allowed.GetValueOrDefault(c.Key)}), "
                + "e.g. line " + c.Value[0].ToString(CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(grew.Count == 0, "wrap the new long lines: " + string.Join("; ", grew));

        var shrank = allowed
            .Where(a => counts.TryGetValue(a.Key, out var now) ? now.Count < a.Value : true)
            .Select(a => a.Key)
            .ToList();
        Assert.True(shrank.Count == 0,
            $"fewer long lines than the baseline in {string.Join(", ", shrank)}: rewrite it with {GoldenFile.UpdateVariable}=1 so it stays tight");
    }

    private static IEnumerable<string> Sources() =>
        new[] { "src", "tests", "bench" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static List<int> LongLines(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, file));
        var numbers = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (new StringInfo(lines[i]).LengthInTextElements > MaxLineLength)
            {
                numbers.Add(i + 1);
            }
        }

        return numbers;
    }

    private static string Render(Dictionary<string, List<int>> counts)
    {
        var text = new StringBuilder();
        text.Append("# Lines over 150 characters per C# file, written before the limit; counts may only go down (SourceShapeTests).\n");
        foreach (var (file, lines) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{lines.Count} {file}\n");
        }

        return text.ToString();
    }

    private static Dictionary<string, int> ReadBaseline()
    {
        var path = Path.Combine(RepoPaths.Root, Baseline);
        var allowed = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return allowed;
        }

        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            allowed[line[(space + 1)..]] = int.Parse(line[..space], CultureInfo.InvariantCulture);
        }

        return allowed;
    }
}
