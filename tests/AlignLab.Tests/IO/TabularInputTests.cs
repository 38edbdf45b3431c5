using AlignLab.IO;

namespace AlignLab.Tests.IO;

public sealed class TabularInputTests
{
    [Fact]
    public void Reads_csv_with_quoted_newlines_and_labels()
    {
        using var dir = new TempDir();
        var path = dir.Write("in.csv", "id,text,label\n1,\"hello, world\",benign\n2,\"line one\nline two\",violent_crimes\n");

        var records = TabularInput.Read(new FileInfo(path), "text", "label").ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal("hello, world", records[0].Text);
        Assert.Equal("line one\nline two", records[1].Text);
        Assert.Equal("violent_crimes", records[1].Label);
        Assert.Equal("2", records[1].Id);
    }

    [Fact]
    public void Reads_jsonl_json_and_txt()
    {
        using var dir = new TempDir();
        var jsonl = dir.Write("in.jsonl", "{\"text\":\"a\",\"label\":1}\n\n{\"text\":\"b\",\"label\":\"safe\"}\n");
        var json = dir.Write("in.json", "[{\"text\":\"a\",\"label\":true},{\"text\":\"b\",\"label\":false}]");
        var txt = dir.Write("in.txt", "first\n\nsecond\n");

        Assert.Equal(["1", "safe"], TabularInput.Read(new FileInfo(jsonl), "text", "label").Select(r => r.Label));
        Assert.Equal(["true", "false"], TabularInput.Read(new FileInfo(json), "text", "label").Select(r => r.Label));
        Assert.Equal(["first", "second"], TabularInput.Read(new FileInfo(txt), "text", null).Select(r => r.Text));
    }

    [Fact]
    public void Problems_name_the_file_and_record()
    {
        using var dir = new TempDir();
        var csv = dir.Write("bad.csv", "id,body\n1,x\n");
        var jsonl = dir.Write("bad.jsonl", "{\"text\":\"ok\"}\n{not json\n");

        var missing = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(csv), "text", null).ToList());
        Assert.Contains("no column 'text'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("id, body", missing.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(jsonl), "text", null).ToList());
        Assert.StartsWith("bad.jsonl:2:", broken.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(dir.Write("x.xml", "<a/>")), "text", null).ToList());
    }

    [Fact]
    public void Streams_without_reading_everything()
    {
        using var dir = new TempDir();
        var path = dir.Write("big.txt", string.Concat(Enumerable.Repeat("a line of text\n", 200_000)));
        Assert.Equal("a line of text", TabularInput.Read(new FileInfo(path), "text", null).Skip(150_000).First().Text);
    }

    [Theory]
    [InlineData("1", true, null)]
    [InlineData("harmful", true, null)]
    [InlineData("benign", false, null)]
    [InlineData("0", false, null)]
    [InlineData("hate", true, "hate")]
    [InlineData("hateful", true, "hate")]
    [InlineData("non-hateful", false, null)]
    [InlineData("neutral", false, null)]
    [InlineData("S9", true, "indiscriminate_weapons")]
    public void Labels_are_understood(string label, bool unsafeExpected, string? category)
    {
        var parsed = LabelParser.Parse(new TabularRecord("1", "t", label, 1), "f")!;
        Assert.Equal(unsafeExpected, parsed.Unsafe);
        Assert.Equal(category, parsed.Categories.FirstOrDefault()?.Id);
        Assert.Equal(category is not null || !unsafeExpected, parsed.CategoriesKnown);
    }

    [Fact]
    public void Unknown_labels_are_skipped() => Assert.Null(LabelParser.Parse(new TabularRecord("1", "t", "maybe", 1), "f"));

    [Fact]
    public void A_group_column_is_read_from_csv_jsonl_and_json_and_a_missing_one_names_the_column()
    {
        // eval-classifier --group-column target_group (TOXIGEN) and target_ident (HateCheck): the group travels with each record.
        using var dir = new TempDir();
        var csv = dir.Write("in.csv", "text,label,target_group\na,hate,asian\nb,neutral,\n");
        var jsonl = dir.Write("in.jsonl", "{\"text\":\"a\",\"label\":1,\"g\":\"x\"}\n{\"text\":\"b\",\"label\":0,\"g\":null}\n{\"text\":\"c\",\"label\":0,\"g\":7}\n");
        var json = dir.Write("in.json", "[{\"text\":\"a\",\"label\":1,\"g\":\"y\"}]");

        Assert.Equal(["asian", ""], TabularInput.Read(new FileInfo(csv), "text", "label", groupColumn: "target_group").Select(r => r.Group));
        Assert.Equal(["x", null, "7"], TabularInput.Read(new FileInfo(jsonl), "text", "label", groupColumn: "g").Select(r => r.Group));
        Assert.Equal(["y"], TabularInput.Read(new FileInfo(json), "text", "label", groupColumn: "g").Select(r => r.Group));
        Assert.All(TabularInput.Read(new FileInfo(csv), "text", "label"), r => Assert.Null(r.Group));
        var missing = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(csv), "text", "label", groupColumn: "target").ToList());
        Assert.Contains("no column 'target'", missing.Message, StringComparison.Ordinal);
        var missingField = Assert.Throws<InvalidDataException>(() => TabularInput.Read(new FileInfo(jsonl), "text", "label", groupColumn: "group").ToList());
        Assert.Contains("in.jsonl:1: no field 'group'", missingField.Message, StringComparison.Ordinal);
    }
}
