using AlignLab.IO;

namespace AlignLab.Tests.IO;

/// <summary>
/// Issue 13, finding 17: <c>alignlab classify --input FILE</c> with one 50 MB record took about 1 GB (6 GB peak RSS
/// measured). A record over the limit (1 MiB by default) is now an error naming its line, and is never held whole.
/// </summary>
[Collection(AlignLab.Tests.Evaluation.MemoryMeasurementCollection.Name)]
public sealed class RecordBoundTests
{
    public static TheoryData<string, string> Formats => new()
    {
        { ".txt", "huge.txt:2:" },
        { ".jsonl", "huge.jsonl:2:" },
        { ".csv", "huge.csv:3:" },
        { ".json", "huge.json: item 2 " },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_20_million_character_record_is_an_error_naming_it_without_being_read_into_memory(string extension, string where)
    {
        using var dir = new TempDir();
        var path = HugeRecordFile.Write(dir, "huge" + extension);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(path), "text", null).ToList());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.StartsWith(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains("longer than", ex.Message, StringComparison.Ordinal);
        // Holding the record once as a string would take 40 MB; reading it through takes a few buffers (for .json, the
        // serializer's buffer doubling up to the 4 MiB item limit).
        Assert.True(allocated < 24_000_000, $"{allocated:N0} bytes allocated reading a {new FileInfo(path).Length:N0}-byte file");
    }

    [Fact]
    public void A_record_at_the_limit_is_read_and_the_limit_can_be_raised()
    {
        using var dir = new TempDir();
        var path = dir.Write("edge.txt", "short\n" + new string('a', 100) + "\n" + new string('b', 101) + "\n");

        var ex = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(path), "text", null, maxRecordChars: 100).ToList());
        Assert.StartsWith("edge.txt:3: the line is longer than 100 characters", ex.Message, StringComparison.Ordinal);
        Assert.Equal([5, 100, 101], TabularInput.Read(new FileInfo(path), "text", null, maxRecordChars: 101).Select(r => r.Text.Length));
    }

    [Theory]
    [InlineData("sur.jsonl", "{\"text\":\"hello\",\"label\":0}\n{\"text\":\"\\ud800\",\"label\":1}\n",
        "sur.jsonl:2: field 'text' holds an unpaired surrogate escape")]
    [InlineData("sur.json", "[{\"text\":\"hello\",\"label\":0},{\"text\":\"x\",\"label\":\"\\udfff\"}]",
        "sur.json item 2: field 'label' holds an unpaired surrogate")]
    public void A_lone_surrogate_escape_is_an_error_naming_the_record_not_an_invalid_operation(string name, string content, string expected)
    {
        // {"text":"\ud800"} used to throw InvalidOperationException from JsonElement.GetString: 'internal error', exit 70.
        using var dir = new TempDir();
        var path = dir.Write(name, content);

        var ex = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(path), "text", "label").ToList());

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }
}
