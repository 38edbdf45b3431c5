using AlignLab.Classification.Data;
using CsCheck;

namespace AlignLab.Tests.Classification.Data;

public sealed class CsvReaderTests
{
    private static string[][] Parse(string text) => [.. CsvReader.Parse(text)];

    [Fact]
    public void Plain_records()
    {
        var rows = Parse("a,b,c\n1,2,3\n");
        Assert.Equal([["a", "b", "c"], ["1", "2", "3"]], rows);
    }

    [Fact]
    public void Quoted_fields_keep_commas_and_doubled_quotes()
    {
        var rows = Parse("\"x, y\",\"he said \"\"hi\"\"\",\"\"\"\"\n");
        Assert.Equal([["x, y", "he said \"hi\"", "\""]], rows);
    }

    [Fact]
    public void Quoted_fields_keep_embedded_newlines_verbatim()
    {
        var rows = Parse("id,text\r\n1,\"line one\nline two\r\nline three\"\r\n2,after\r\n");
        Assert.Equal([["id", "text"], ["1", "line one\nline two\r\nline three"], ["2", "after"]], rows);
    }

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\r\nc,d")]
    public void Crlf_lf_and_cr_end_records_and_a_trailing_newline_adds_nothing(string text)
    {
        Assert.Equal([["a", "b"], ["c", "d"]], Parse(text));
    }

    [Fact]
    public void Empty_fields_are_kept()
    {
        Assert.Equal([["", "", ""], ["a", "", "c"], [""]], Parse(",,\na,,c\n\"\"\n"));
    }

    [Fact]
    public void Trailing_comma_gives_a_trailing_empty_field()
    {
        Assert.Equal([["a", ""]], Parse("a,\n"));
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        Assert.Equal([["a"], ["b"]], Parse("a\n\n\r\nb\n"));
    }

    [Fact]
    public void Empty_input_has_no_records()
    {
        Assert.Empty(Parse(""));
        Assert.Empty(Parse("\n"));
    }

    [Fact]
    public void Quote_inside_an_unquoted_field_is_literal()
    {
        Assert.Equal([["5\" screen", "x"]], Parse("5\" screen,x\n"));
    }

    [Fact]
    public void Unterminated_quote_throws_with_the_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("a,b\n1,\"never closed\nmore\n"));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_longer_than_the_read_buffer_survive()
    {
        var big = new string('x', 200_000) + "\"\"" + new string('y', 70_000);
        var text = "\"" + big + "\",tail\r\n";
        var rows = Parse(text);
        Assert.Single(rows);
        Assert.Equal(new string('x', 200_000) + "\"" + new string('y', 70_000), rows[0][0]);
        Assert.Equal("tail", rows[0][1]);
    }

    [Fact]
    public void ReadFile_maps_columns_by_header()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "t.csv");
        File.WriteAllText(path, ",name,note\r\n0,alpha,\"multi\nline\"\r\n1,beta\r\n");
        var rows = CsvReader.ReadFile(path).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("0", rows[0][""]);
        Assert.Equal("multi\nline", rows[0]["note"]);
        Assert.Equal("", rows[1]["note"]);
        Assert.Equal(1, rows[1].Index);
        Assert.Throws<InvalidDataException>(() => rows[0]["missing"]);
    }

    [Fact]
    public void Random_records_round_trip_through_a_writer()
    {
        var field = Gen.Char[",\"\r\n ab\u00e9\u4e2d\U0001F600"].Array[0, 12].Select(a => new string(a));
        var record = field.Array[1, 5];
        var gen = Gen.Select(record.Array[1, 8], Gen.Int[0, 2], Gen.Bool, Gen.Bool);
        gen.Sample((records, nl, quoteAll, trailing) =>
        {
            var newline = nl switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
            var text = CsvTestWriter.Write(records, newline, quoteAll, trailing);
            var parsed = Parse(text);
            Assert.Equal(records.Length, parsed.Length);
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(records[i], parsed[i]);
            }
        }, iter: 2000);
    }
}
