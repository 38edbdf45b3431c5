using System.Text;
using System.Text.Json;
using AlignLab.Classification.Data;
using AlignLab.IO;
using CsCheck;

namespace AlignLab.Tests.IO;

public sealed class JsonLinesReaderTests
{
    private static List<(long Line, long Index, string? Raw, string? Error)> Read(string text) =>
        [.. JsonLinesReader.Read(new StringReader(text)).Select(e => (e.Line, e.Index, e.Error is null ? e.Value.GetRawText() : null, e.Error))];

    [Fact]
    public void Blank_lines_are_skipped_but_counted_so_lines_match_an_editor()
    {
        var entries = Read("{\"a\":1}\n\n   \r\n{\"a\":2}\r\n\t\n[3]");

        Assert.Equal([(1L, 0L), (4L, 1L), (6L, 2L)], entries.Select(e => (e.Line, e.Index)));
        Assert.Equal(["{\"a\":1}", "{\"a\":2}", "[3]"], entries.Select(e => e.Raw));
    }

    [Fact]
    public void A_line_that_is_not_json_is_an_error_entry_and_reading_goes_on()
    {
        var entries = Read("{\"a\":1}\n{not json\n\n{\"a\":3}\n");

        Assert.Equal(3, entries.Count);
        Assert.Equal((2L, 1L), (entries[1].Line, entries[1].Index));
        Assert.NotNull(entries[1].Error);
        Assert.DoesNotContain("LineNumber", entries[1].Error, StringComparison.Ordinal);
        Assert.Null(entries[1].Raw);
        Assert.Equal((4L, 2L, "{\"a\":3}"), (entries[2].Line, entries[2].Index, entries[2].Raw));
    }

    [Fact]
    public void Empty_input_gives_nothing()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\n\r\n  \n"));
    }

    [Fact]
    public void A_value_is_disposed_when_the_enumeration_moves_on_so_keepers_must_clone()
    {
        var kept = new List<JsonElement>();
        var cloned = new List<JsonElement>();
        foreach (var entry in JsonLinesReader.Read(new StringReader("{\"a\":1}\n{\"a\":2}")))
        {
            kept.Add(entry.Value);
            cloned.Add(entry.Value.Clone());
        }

        Assert.Throws<ObjectDisposedException>(() => kept[0].GetRawText());
        Assert.Equal("{\"a\":2}", cloned[1].GetRawText());
    }

    [Fact]
    public void Any_mix_of_values_blank_lines_and_line_breaks_reads_back_with_the_right_lines()
    {
        var value = Gen.OneOf(Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.String.Select(s => JsonSerializer.Serialize(s)),
            Gen.String.Select(s => JsonSerializer.Serialize(new { text = s })));
        var line = Gen.Frequency((3, value.Select(v => (string?)v)), (1, Gen.Const((string?)null)));
        Gen.Select(line.Array[0, 12], Gen.Bool.Select(crlf => crlf ? "\r\n" : "\n"), Gen.Bool).Sample((lines, newline, trailing) =>
        {
            var text = string.Join(newline, lines.Select(l => l ?? " ")) + (trailing ? newline : "");
            var expected = lines.Select((l, i) => (Line: (long)i + 1, Raw: l)).Where(x => x.Raw is not null).ToList();

            var entries = Read(text);

            Assert.Equal(expected.Select((x, i) => (x.Line, (long)i, (string?)x.Raw)), entries.Select(e => (e.Line, e.Index, e.Raw)));
        });
    }

    [Fact]
    public void Dataset_files_name_the_line_an_editor_shows_when_there_are_blank_lines()
    {
        var path = Path.Combine(Path.GetTempPath(), "alignlab-jsonl-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, "{\"text\":\"a\"}\n\n\n{broken\n", new UTF8Encoding(false));
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => DataFiles.JsonLines(path).ToList());

            Assert.Contains("line 4 is not valid JSON", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dataset_files_keep_the_index_among_non_blank_lines_and_values_outlive_the_loop()
    {
        var path = Path.Combine(Path.GetTempPath(), "alignlab-jsonl-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, "\uFEFF{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n", new UTF8Encoding(false));
        try
        {
            var rows = DataFiles.JsonLines(path).ToList();

            Assert.Equal([(0, "a"), (1, "b")], rows.Select(r => (r.Index, r.Value.Str("text"))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_line_holding_an_unpaired_surrogate_escape_is_an_error_entry_naming_the_field_and_reading_goes_on()
    {
        // Issue 13, finding 11: {"text":"\ud800"} parsed, then GetString threw InvalidOperationException.
        const string text = "{\"text\":\"ok\"}\n{\"text\":\"\\ud800\"}\n{\"a\":{\"\\udc00\":1}}\n[\"\\ud83d\\ude00\"]\n";
        const string unpaired = " holds an unpaired surrogate escape (such as \\ud800), which is not Unicode text";
        var entries = JsonLinesReader.Read(new StringReader(text))
            .Select(e => (e.Line, e.Problem, e.Message)).ToList();

        Assert.Equal(
            [
                (1L, JsonLinesReader.Problem.None, (string?)null),
                (2L, JsonLinesReader.Problem.NotUnicode, "field 'text'" + unpaired),
                (3L, JsonLinesReader.Problem.NotUnicode, "field 'a.\\udc00'" + unpaired),
                (4L, JsonLinesReader.Problem.None, null),
            ],
            entries);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_an_error_entry_and_the_next_line_is_read_whole()
    {
        var text = "{\"a\":1}\r\n{\"a\":\"" + new string('x', 200) + "\"}\r\n{\"a\":3}\n";

        var entries = JsonLinesReader.Read(new StringReader(text), maxLineChars: 100).Select(e => (e.Line, e.Index, e.Problem)).ToList();

        Assert.Equal(
            [(1L, 0L, JsonLinesReader.Problem.None), (2L, 1L, JsonLinesReader.Problem.TooLong), (3L, 2L, JsonLinesReader.Problem.None)], entries);
        var message = JsonLinesReader.Read(new StringReader(text), 100).ElementAt(1).Message;
        Assert.StartsWith("the line is longer than 100 characters", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounded_lines_read_as_text_reader_read_line_does_and_only_over_long_lines_are_dropped()
    {
        Gen.Select(Gen.String[Gen.Char["ab\r\n"], 0, 60], Gen.Int[1, 8]).Sample((text, max) =>
        {
            var expected = new List<string?>();
            var plain = new StringReader(text);
            while (plain.ReadLine() is { } line)
            {
                expected.Add(line.Length > max ? null : line);
            }

            var actual = new List<string?>();
            var bounded = new BoundedLineReader(new StringReader(text), max);
            while (bounded.TryReadLine(out var line))
            {
                actual.Add(line);
            }

            Assert.Equal(expected, actual);
        });
    }
}
