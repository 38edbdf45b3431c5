using AlignLab.IO;
using AlignLab.Tests.Classification.Data;
using CsCheck;

namespace AlignLab.Tests.IO;

public sealed class DelimitedReaderTests
{
    private static List<DelimitedReader.Record> Read(string text, char delimiter) => [.. DelimitedReader.Read(new StringReader(text), delimiter)];

    [Fact]
    public void Tabs_split_fields_and_commas_are_plain_text_in_a_tsv()
    {
        var records = Read("text\tlabel\n\"a\tb\", c\t1\n", '\t');

        Assert.Equal([["text", "label"], ["a\tb, c", "1"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void Each_record_knows_the_line_it_starts_on()
    {
        var records = Read("h1,h2\n\n1,\"two\nlines\"\r\n2,x\n", ',');

        Assert.Equal([1L, 3L, 5L], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void An_unterminated_quote_ends_the_input_with_an_error_naming_its_line()
    {
        var records = Read("a,b\n1,2\n3,\"never closed\nmore\n", ',');

        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "2"], records[1].Fields);
        Assert.Equal(3, records[2].Line);
        Assert.Contains("line 3", records[2].Error, StringComparison.Ordinal);
        Assert.Empty(records[2].Fields);
    }

    [Fact]
    public void Other_delimiters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DelimitedReader.Read(new StringReader("a;b"), ';'));
    }

    [Fact]
    public void Random_records_round_trip_with_either_delimiter_and_lines_only_grow()
    {
        var field = Gen.Char[",\t\"\r\n ab\u00e9\u4e2d"].Array[0, 10].Select(a => new string(a));
        var gen = Gen.Select(field.Array[1, 5].Array[1, 8], Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Bool);
        gen.Sample((records, nl, quoteAll, trailing, tab) =>
        {
            var delimiter = tab ? '\t' : ',';
            var newline = nl switch { 0 => "\n", 1 => "\r\n", _ => "\r" };
            var parsed = Read(CsvTestWriter.Write(records, newline, quoteAll, trailing, delimiter), delimiter);

            Assert.Equal(records.Length, parsed.Count);
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Null(parsed[i].Error);
                Assert.Equal(records[i], parsed[i].Fields);
                Assert.True(i == 0 ? parsed[i].Line == 1 : parsed[i].Line > parsed[i - 1].Line);
            }
        });
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_an_error_record_at_its_line_and_the_lines_after_it_still_count()
    {
        var text = "h1,h2\n1,\"" + new string('x', 50) + "\nstill quoted\"\n2,fine\n" + new string(',', 80) + "\n3,last\n";

        var records = DelimitedReader.Read(new StringReader(text), ',', maxRecordChars: 40).ToList();

        Assert.Equal([1L, 2, 4, 5, 6], records.Select(r => r.Line));
        Assert.Equal([null, DelimitedReader.TooLong(40), null, DelimitedReader.TooLong(40), null], records.Select(r => r.Error));
        Assert.Empty(records[1].Fields);
        Assert.Equal(["2", "fine"], records[2].Fields);
        Assert.Equal(["3", "last"], records[4].Fields);
    }
}
