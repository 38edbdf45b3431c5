using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Constitutions;

namespace AlignLab.Tests.Classification.Data;

/// <summary>The split logic on small in-memory sources.</summary>
public sealed class CorpusSplitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CorpusOptions Options(int seed = 1234) => new() { SharedDataDirectory = _dir.Path, ProjectDataDirectory = _dir.Path, Seed = seed };

    private static Dictionary<string, string> SplitOf(Corpus c) =>
        c.Train.Select(r => (r, "train")).Concat(c.Validation.Select(r => (r, "validation"))).Concat(c.Test.Select(r => (r, "test"))).Concat(c.Contrast.Select(r => (r, "contrast")))
            .ToDictionary(x => x.r.Source + "/" + x.r.Id, x => x.Item2);

    [Fact]
    public void A_rows_split_does_not_depend_on_other_sources_or_list_order()
    {
        var a = new FakeSource("a", Rows("a", 500));
        var b = new FakeSource("b", Rows("b", 300));
        var alone = SplitOf(CorpusBuilder.Build(Options(), [a]));
        var together = SplitOf(CorpusBuilder.Build(Options(), [b, a]));
        Assert.All(alone, kv => Assert.Equal(kv.Value, together[kv.Key]));

        var reversed = new FakeSource("a", Enumerable.Reverse(Rows("a", 500)).ToList());
        var reversedSplits = SplitOf(CorpusBuilder.Build(Options(), [reversed]));
        Assert.All(alone, kv => Assert.Equal(kv.Value, reversedSplits[kv.Key]));
    }

    [Fact]
    public void Strata_are_split_by_quota_and_groups_stay_together()
    {
        var rows = Rows("s", 400).Select((r, i) => r with { Group = "g" + (i / 4) }).ToList();
        var corpus = CorpusBuilder.Build(Options(), [new FakeSource("s", rows)]);
        Assert.InRange(corpus.Validation.Count, 56, 64);
        Assert.InRange(corpus.Test.Count, 56, 64);
        var splits = SplitOf(corpus);
        Assert.All(rows.GroupBy(r => r.Group), g => Assert.Single(g.Select(r => splits["s/" + r.Id]).Distinct()));

        // Benign and unsafe rows are stratified separately.
        Assert.InRange(corpus.Test.Count(r => r.Unsafe), 26, 34);
    }

    [Fact]
    public void Forced_rows_pull_their_group_and_duplicates_keep_the_first_source()
    {
        var first = new FakeSource("first", [LabeledText.Benign("Hello, World!", "first", "1")]);
        var second = new FakeSource("second",
        [
            LabeledText.Harmful("hello world", "second", "1", HarmCategory.Hate),
            LabeledText.Benign("other", "second", "2") with { Group = "g" },
            LabeledText.Benign("another", "second", "3") with { Group = "g", FixedSplit = DataSplit.Test },
            LabeledText.Benign("?!", "second", "4"),
        ]);
        var corpus = CorpusBuilder.Build(Options(), [first, second]);
        var stats = corpus.Manifest.Sources.Single(s => s.Name == "second");
        Assert.Equal(1, stats.DroppedDuplicate);
        Assert.Equal(1, stats.DuplicateOf["first"]);
        Assert.Equal(1, stats.DroppedEmpty);
        Assert.Equal(2, corpus.Test.Count(r => r.Source == "second"));
    }

    [Fact]
    public void Evaluation_only_sources_go_to_the_suites_not_to_the_random_test_split()
    {
        var eval = new FakeSource("eval", Rows("eval", 50), DataUse.EvaluationOnly);
        var corpus = CorpusBuilder.Build(Options(), [eval]);
        Assert.Equal(50, corpus.Suites.Count);
        Assert.Empty(corpus.Test);
        Assert.Contains(corpus.Manifest.Warnings, w => w.Contains("no positive in train", StringComparison.Ordinal));
    }

    private static List<LabeledText> Rows(string source, int n) =>
        [.. Enumerable.Range(0, n).Select(i => i % 2 == 0
            ? LabeledText.Benign($"{source} benign text {i}", source, "r" + i)
            : LabeledText.Harmful($"{source} harmful text {i}", source, "r" + i, HarmCategory.Privacy))];

    private sealed class FakeSource(string name, IReadOnlyList<LabeledText> rows, DataUse use = DataUse.Bundled) : IDatasetSource
    {
        public string Name => name;

        public string Licence => "test";

        public DataUse Use => use;

        public IEnumerable<LabeledText> Load(DataDirectories dirs) => rows;
    }
}
