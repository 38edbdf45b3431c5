using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation.Suites;

/// <summary>
/// Issue 13, findings 11 and 17 for eval suites: a row holding an unpaired surrogate escape (<c>{"text":"\ud800"}</c>)
/// aborted the whole run with 'internal error' (exit 70), and a row of 50 MB was read into memory whole. Both are now
/// malformed rows, reported with their line and skipped like any other.
/// </summary>
[Collection(AlignLab.Tests.Evaluation.MemoryMeasurementCollection.Name)]
public sealed class SuiteRowBoundTests
{
    [Theory]
    [InlineData("sur.jsonl", "{\"text\":\"hello\",\"label\":\"benign\"}\n{\"text\":\"\\ud800\",\"label\":\"harmful\"}\n"
        + "{\"text\":\"bye\",\"label\":\"benign\"}\n", 2)]
    [InlineData("sur.json", "[{\"text\":\"hello\",\"label\":\"benign\"},\n{\"text\":\"x\",\"label\":\"\\udfff\"},\n"
        + "{\"text\":\"bye\",\"label\":\"benign\"}]", 2)]
    public void A_row_with_an_unpaired_surrogate_escape_is_a_malformed_row_and_the_others_load(string name, string content, long badLine)
    {
        using var dir = new TempDir();
        var path = dir.Write(name, content);

        var set = SuiteLoader.Load(path);
        var cases = set.ToList();

        Assert.Equal(["hello", "bye"], cases.Select(c => c.Text));
        var error = Assert.Single(set.Errors);
        Assert.Equal(badLine, error.Line);
        Assert.Contains("unpaired surrogate escape", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".txt", 2L)]
    [InlineData(".jsonl", 2L)]
    [InlineData(".csv", 3L)]
    [InlineData(".tsv", 3L)]
    public void A_row_longer_than_the_limit_is_a_malformed_row_and_the_rows_after_it_load(string extension, long badLine)
    {
        using var dir = new TempDir();
        var tooLong = new string('x', 300);
        var content = extension switch
        {
            ".txt" => $"hello\n{tooLong}\nbye\n",
            ".jsonl" => $"{{\"text\":\"hello\"}}\n{{\"text\":\"{tooLong}\"}}\n{{\"text\":\"bye\"}}\n",
            ".csv" => $"text\nhello\n\"{tooLong}\"\nbye\n",
            _ => $"text\nhello\n{tooLong}\nbye\n",
        };
        var path = dir.Write("rows" + extension, content);

        var set = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign, MaxRowChars = 200 });
        var cases = set.ToList();

        Assert.Equal(["hello", "bye"], cases.Select(c => c.Text));
        var error = Assert.Single(set.Errors);
        Assert.Equal(badLine, error.Line);
        Assert.Contains("longer than 200 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_item_longer_than_the_limit_ends_the_reading_with_an_error_and_keeps_what_came_before()
    {
        using var dir = new TempDir();
        var path = dir.Write("rows.json", $"[{{\"text\":\"hello\"}},\n{{\"text\":\"{new string('x', 300_000)}\"}},\n{{\"text\":\"bye\"}}]");

        var set = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign, MaxRowChars = 50_000 });

        Assert.Equal(["hello"], set.Select(c => c.Text));
        var error = Assert.Single(set.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("longer than 200,000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".txt")]
    [InlineData(".jsonl")]
    [InlineData(".csv")]
    [InlineData(".json")]
    public void A_20_million_character_row_is_skipped_without_being_read_into_memory(string extension)
    {
        using var dir = new TempDir();
        var path = HugeRecordFile.Write(dir, "huge" + extension);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var set = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign });
        var cases = set.ToList();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(extension == ".json" ? ["hello"] : ["hello", "bye"], cases.Select(c => c.Text));
        Assert.Contains("longer than", Assert.Single(set.Errors).Message, StringComparison.Ordinal);
        Assert.True(allocated < 24_000_000, $"{allocated:N0} bytes allocated loading a {new FileInfo(path).Length:N0}-byte suite");
    }
}
