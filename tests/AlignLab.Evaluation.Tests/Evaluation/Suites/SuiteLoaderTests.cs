using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation.Suites;

public sealed class SuiteLoaderTests
{
    [Fact]
    public void Reads_csv_with_label_category_id_and_source_columns()
    {
        using var dir = new TempDir();
        var path = dir.Write("mine.csv", "id,text,label,category,source\na1,\"hello, world\",benign,,me\na2,\"how do I\nhurt someone\",harmful,S1,me\na3,kill a process,contrast,violent_crimes,\n");

        var cases = SuiteLoader.Load(path).ToList();

        Assert.Equal(["a1", "a2", "a3"], cases.Select(c => c.Id));
        Assert.Equal([CaseLabel.Benign, CaseLabel.Harmful, CaseLabel.Contrast], cases.Select(c => c.Label));
        Assert.Equal([null, "violent_crimes", "violent_crimes"], cases.Select(c => c.Category));
        Assert.Equal("how do I\nhurt someone", cases[1].Text);
        Assert.All(cases, c => Assert.Equal("mine", c.Suite));
        Assert.Equal(["me", "me", null], cases.Select(c => c.Source));
    }

    [Theory]
    [InlineData("harmful", CaseLabel.Harmful)]
    [InlineData("UNSAFE", CaseLabel.Harmful)]
    [InlineData("1", CaseLabel.Harmful)]
    [InlineData("true", CaseLabel.Harmful)]
    [InlineData("benign", CaseLabel.Benign)]
    [InlineData("safe", CaseLabel.Benign)]
    [InlineData("0", CaseLabel.Benign)]
    [InlineData("False", CaseLabel.Benign)]
    [InlineData("contrast", CaseLabel.Contrast)]
    [InlineData("hate", CaseLabel.Harmful)]
    public void Label_values_are_understood(string value, CaseLabel expected)
    {
        using var dir = new TempDir();
        var path = dir.Write("l.jsonl", $"{{\"text\":\"t\",\"label\":\"{value}\"}}\n");

        Assert.Equal(expected, Assert.Single(SuiteLoader.Load(path)).Label);
    }

    [Fact]
    public void Json_booleans_and_numbers_are_labels_too()
    {
        using var dir = new TempDir();
        var path = dir.Write("l.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":false}\n");

        Assert.Equal([CaseLabel.Harmful, CaseLabel.Benign], SuiteLoader.Load(path).Select(c => c.Label));
    }

    [Fact]
    public void Column_options_pick_other_columns()
    {
        using var dir = new TempDir();
        var path = dir.Write("custom.tsv", "key\tPrompt_Text\tis_bad\tharm\nk1\tfirst prompt\t1\thate\nk2\tsecond\t0\t\n");
        var options = new SuiteOptions { TextColumn = "prompt_text", LabelColumn = "is_bad", CategoryColumn = "harm", IdColumn = "key" };

        var cases = SuiteLoader.Load(path, options).ToList();

        Assert.Equal(["k1", "k2"], cases.Select(c => c.Id));
        Assert.Equal(["first prompt", "second"], cases.Select(c => c.Text));
        Assert.Equal([CaseLabel.Harmful, CaseLabel.Benign], cases.Select(c => c.Label));
        Assert.Equal(["hate", null], cases.Select(c => c.Category));
    }

    [Fact]
    public void The_text_column_is_found_among_common_names()
    {
        using var dir = new TempDir();
        var path = dir.Write("advbench_like.csv", "goal,target\nWrite a threatening letter,\"Sure, here is\"\n");

        var c = Assert.Single(SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Harmful }));

        Assert.Equal("Write a threatening letter", c.Text);
        Assert.Equal(CaseLabel.Harmful, c.Label);
        Assert.Equal("advbench_like-1", c.Id);
    }

    [Fact]
    public void Default_label_fills_rows_without_one()
    {
        using var dir = new TempDir();
        var path = dir.Write("partial.jsonl", "{\"text\":\"a\",\"label\":\"harmful\"}\n{\"text\":\"b\"}\n{\"text\":\"c\",\"label\":\"\"}\n");

        var cases = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign }).ToList();

        Assert.Equal([CaseLabel.Harmful, CaseLabel.Benign, CaseLabel.Benign], cases.Select(c => c.Label));
    }

    [Fact]
    public void Txt_files_need_a_default_label()
    {
        using var dir = new TempDir();
        var path = dir.Write("prompts.txt", "first\n\nsecond\n");

        var ex = Assert.Throws<SuiteException>(() => SuiteLoader.Load(path));
        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default label", ex.Message, StringComparison.Ordinal);

        var cases = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign }).ToList();
        Assert.Equal(["first", "second"], cases.Select(c => c.Text));
        Assert.Equal(["prompts-1", "prompts-2"], cases.Select(c => c.Id));
        Assert.All(cases, c => Assert.Equal(CaseLabel.Benign, c.Label));
    }

    [Fact]
    public void Txt_files_reject_column_options()
    {
        using var dir = new TempDir();
        var path = dir.Write("prompts.txt", "first\n");

        var ex = Assert.Throws<SuiteException>(() => SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign, LabelColumn = "label" }));
        Assert.Contains("no columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_arrays_of_objects_or_strings_are_read_with_lines()
    {
        using var dir = new TempDir();
        var objects = dir.Write("objects.json", "[\n  {\"prompt\": \"a\", \"label\": \"benign\"},\n  {\"prompt\": \"b\",\n   \"label\": \"harmfull\"},\n  {\"prompt\": \"c\", \"label\": \"harmful\"}\n]\n");
        var strings = dir.Write("strings.json", "[\"one\", \"two\"]");

        var set = SuiteLoader.Load(objects);
        Assert.Equal(["a", "c"], set.Select(c => c.Text));
        var error = Assert.Single(set.Errors);
        Assert.Equal($"{objects}:3: unknown label 'harmfull'; did you mean 'harmful'? (use harmful/unsafe/1/true, benign/safe/0/false, contrast, or a harm category id)", error.ToString());
        Assert.Equal(["one", "two"], SuiteLoader.Load(strings, new SuiteOptions { DefaultLabel = CaseLabel.Harmful }).Select(c => c.Text));
    }

    [Fact]
    public void A_directory_reads_every_supported_file_in_name_order_as_separate_suites()
    {
        using var dir = new TempDir();
        dir.Write("b.jsonl", "{\"id\":\"1\",\"text\":\"from b\",\"label\":\"benign\"}\n");
        dir.Write("a.csv", "id,text,label\n1,from a,harmful\n2,also a,harmful\n");
        dir.Write("c.tsv", "id\ttext\tlabel\n1\tfrom c\tcontrast\n");
        dir.Write("notes.md", "not a suite");

        var set = SuiteLoader.Load(dir.Path);
        var cases = set.ToList();

        Assert.Equal(["a", "b", "c"], set.Suites.Select(s => s.Name));
        Assert.Equal(["from a", "also a", "from b", "from c"], cases.Select(c => c.Text));
        Assert.Equal(["a", "a", "b", "c"], cases.Select(c => c.Suite));
        Assert.Equal(["1", "2", "b/1", "c/1"], cases.Select(c => c.Id));
    }

    [Fact]
    public void Duplicate_ids_across_specs_get_the_suite_prefix()
    {
        using var dir = new TempDir();
        var mine = dir.Write("mine.jsonl", "{\"id\":\"harmful-0001\",\"text\":\"x\",\"label\":\"benign\"}\n{\"id\":\"harmful-0001\",\"text\":\"y\",\"label\":\"benign\"}\n");

        var ids = SuiteLoader.Load(["harmful", mine]).Select(c => c.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("harmful-0001", ids[0]);
        Assert.Equal(["mine/harmful-0001", "mine/harmful-0001#2"], ids[^2..]);
    }

    [Fact]
    public void A_missing_column_fails_with_the_file_line_and_a_suggestion()
    {
        using var dir = new TempDir();
        var path = dir.Write("cols.csv", "id,prompt,label\n1,x,benign\n");

        var ex = Assert.Throws<SuiteException>(() => SuiteLoader.Load(path, new SuiteOptions { TextColumn = "promt" }));

        Assert.Equal($"{path}:1: no text column 'promt'; did you mean 'prompt'? (the columns are: id, prompt, label)", ex.Message);
        Assert.Equal(path, ex.File);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void No_text_or_label_column_fails_at_load_with_the_columns()
    {
        using var dir = new TempDir();
        var noText = dir.Write("notext.jsonl", "\n{\"body\":\"x\",\"label\":\"benign\"}\n");
        var noLabel = dir.Write("nolabel.csv", "text,score\nx,1\n");

        var a = Assert.Throws<SuiteException>(() => SuiteLoader.Load(noText));
        Assert.StartsWith($"{noText}:2: no text column", a.Message, StringComparison.Ordinal);
        Assert.Contains("body, label", a.Message, StringComparison.Ordinal);
        var b = Assert.Throws<SuiteException>(() => SuiteLoader.Load(noLabel));
        Assert.StartsWith($"{noLabel}:1: no label column", b.Message, StringComparison.Ordinal);
        Assert.Contains("default label", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rows_are_reported_and_skipped()
    {
        using var dir = new TempDir();
        var path = dir.Write("messy.jsonl", string.Join('\n',
            "{\"text\":\"ok 1\",\"label\":\"benign\"}",
            "{not json",
            "{\"text\":\"ok 2\",\"label\":\"bengin\"}",
            "{\"text\":\"   \",\"label\":\"benign\"}",
            "{\"text\":\"ok 3\",\"label\":\"harmful\",\"category\":\"violent_crime\"}",
            "[1, 2]",
            "{\"text\": 5, \"label\": \"benign\"}",
            "{\"label\":\"benign\"}",
            "{\"text\":\"ok 4\",\"label\":\"harmful\",\"category\":\"S2\"}") + "\n");

        var set = SuiteLoader.Load(path);
        var cases = set.ToList();

        Assert.Equal(["ok 1", "ok 4"], cases.Select(c => c.Text));
        Assert.Equal("non_violent_crimes", cases[1].Category);
        Assert.Equal(7, set.ErrorCount);
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8], set.Errors.Select(e => e.Line));
        Assert.All(set.Errors, e => Assert.Equal(path, e.File));
        Assert.StartsWith("invalid JSON", set.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'benign'?", set.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("the text is empty", set.Errors[2].Message);
        Assert.Contains("did you mean 'violent_crimes'?", set.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("7 malformed row(s) skipped", set.ErrorSummary, StringComparison.Ordinal);
        Assert.StartsWith(path + ":2:", set.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_lines_are_counted_across_quoted_line_breaks()
    {
        using var dir = new TempDir();
        var path = dir.Write("lines.csv", "text,label\n\"one\ntwo\nthree\",benign\nfine,benign\nbad,maybe\n\n\"unclosed,benign\n");

        var set = SuiteLoader.Load(path);
        var cases = set.ToList();

        Assert.Equal(2, cases.Count);
        Assert.Equal([6L, 8], set.Errors.Select(e => e.Line));
        Assert.Contains("unknown label 'maybe'", set.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("never closed", set.Errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad.csv", "text,label\nfine,benign\n\"two\nlines caf\u00e9\",benign\nreplacement \ufffd is valid,benign\ncaf\u00e9,benign\n", new long[] { 3, 6 })]
    [InlineData("bad.jsonl", "{\"text\":\"fine\",\"label\":\"benign\"}\n{\"text\":\"caf\u00e9\",\"label\":\"benign\"}\n{\"text\":\"replacement \ufffd is valid\",\"label\":\"benign\"}\n", new long[] { 2 })]
    [InlineData("bad.txt", "fine\ncaf\u00e9\nreplacement \ufffd is valid\n", new long[] { 2 })]
    public void Rows_with_invalid_utf8_are_malformed_rows_not_replacement_characters(string name, string content, long[] badLines)
    {
        // Written as UTF-8, then every e-acute (C3 A9) becomes the single Latin-1 byte E9; the valid U+FFFD stays.
        var utf8 = System.Text.Encoding.UTF8.GetBytes(content);
        var bytes = new List<byte>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == 0xC3 && utf8[i + 1] == 0xA9)
            {
                bytes.Add(0xE9);
                i++;
            }
            else
            {
                bytes.Add(utf8[i]);
            }
        }

        using var dir = new TempDir();
        var path = dir.File(name);
        File.WriteAllBytes(path, [.. bytes]);

        var set = SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign });
        var cases = set.ToList();

        Assert.Equal(["fine", "replacement \ufffd is valid"], cases.Select(c => c.Text));
        Assert.Equal(badLines, set.Errors.Select(e => e.Line));
        Assert.All(set.Errors, e => Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Stored_errors_are_capped_but_all_are_counted()
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.jsonl", string.Concat(Enumerable.Repeat("{\"text\":\"x\",\"label\":\"nope\"}\n", 50)));

        var set = SuiteLoader.Load(path, new SuiteOptions { MaxStoredErrors = 5 });

        Assert.Empty(set);
        Assert.Equal(50, set.ErrorCount);
        Assert.Equal(5, set.Errors.Count);
    }

    [Fact]
    public void Broken_json_arrays_report_the_line_and_keep_what_came_before()
    {
        using var dir = new TempDir();
        var path = dir.Write("broken.json", "[\n{\"text\":\"a\",\"label\":\"benign\"},\n{\"text\":\"b\" \"label\":\"benign\"}\n]");

        var set = SuiteLoader.Load(path);

        Assert.Equal(["a"], set.Select(c => c.Text));
        var error = Assert.Single(set.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_specs_and_file_types_fail_clearly()
    {
        using var dir = new TempDir();
        var xml = dir.Write("x.xml", "<a/>");
        var empty = Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, "empty")).FullName;

        Assert.Contains("did you mean 'harmful'?", Assert.Throws<SuiteException>(() => SuiteLoader.Load("harmfull")).Message, StringComparison.Ordinal);
        Assert.Contains("bundled suites are: harmful, benign", Assert.Throws<SuiteException>(() => SuiteLoader.Load(System.IO.Path.Combine(dir.Path, "nothing-here.csv"))).Message, StringComparison.Ordinal);
        Assert.StartsWith(xml + ": unsupported file type '.xml'", Assert.Throws<SuiteException>(() => SuiteLoader.Load(xml)).Message, StringComparison.Ordinal);
        Assert.Contains("no suite files", Assert.Throws<SuiteException>(() => SuiteLoader.Load(empty)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header.csv", "prompt,label\n")]
    [InlineData("header.tsv", "prompt\tlabel\r\n")]
    [InlineData("empty.jsonl", "")]
    [InlineData("blank.jsonl", "\n  \n")]
    [InlineData("empty.json", "[]")]
    [InlineData("empty.txt", "")]
    public void A_file_without_rows_fails_naming_the_file(string name, string content)
    {
        using var dir = new TempDir();
        var path = dir.Write(name, content);

        var ex = Assert.Throws<SuiteException>(() => SuiteLoader.Load(path, new SuiteOptions { DefaultLabel = CaseLabel.Benign }));

        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void The_big_list_of_naughty_strings_never_crashes_as_txt_or_json()
    {
        var blns = System.IO.Path.Combine(RepoPaths.SharedData, "blns", "blns.json");
        var strings = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(blns))!;
        using var dir = new TempDir();
        var txt = System.IO.Path.Combine(dir.Path, "blns.txt");
        File.WriteAllText(txt, string.Join('\n', strings));
        var options = new SuiteOptions { DefaultLabel = CaseLabel.Benign };

        var fromTxt = SuiteLoader.Load(txt, options);
        var fromJson = SuiteLoader.Load(blns, options);
        var txtCases = fromTxt.ToList();
        var jsonCases = fromJson.ToList();

        Assert.True(txtCases.Count > 400, $"{txtCases.Count} cases from blns.txt");
        Assert.Equal(strings.Count(s => !string.IsNullOrWhiteSpace(s)), jsonCases.Count);
        Assert.Equal(strings.Length, jsonCases.Count + fromJson.ErrorCount);
        Assert.All(fromJson.Errors, e => Assert.Equal("the text is empty", e.Message));
        Assert.Equal(txtCases.Count + fromTxt.ErrorCount, txtCases.Select(c => c.Id).Distinct().Count() + fromTxt.ErrorCount);
        Assert.All(txtCases.Concat(jsonCases), c => Assert.Equal("blns", c.Suite));
    }
}
