using System.Globalization;
using System.Text;
using System.Text.Json;
using AlignLab.Classification;
using AlignLab.Classification.Data;
using AlignLab.Constitutions;
using Xunit.Abstractions;

namespace AlignLab.Tests.Classification.Data;

[Collection(CorpusTestsDefinition.Name)]
public sealed class CorpusBuilderTests(CorpusFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] SplitNames = ["train", "validation", "test", "contrast", "suites"];

    private Corpus Corpus => fixture.Corpus;

    private IEnumerable<(string Split, LabeledText Row)> AllRows() =>
        Corpus.Train.Select(r => ("train", r))
            .Concat(Corpus.Validation.Select(r => ("validation", r)))
            .Concat(Corpus.Test.Select(r => ("test", r)))
            .Concat(Corpus.Contrast.Select(r => ("contrast", r)));

    [SharedDataFact]
    public void Building_twice_gives_the_same_manifest_and_hash()
    {
        var again = CorpusBuilder.Build(DataTestPaths.Options());
        Assert.Equal(Corpus.Manifest.ContentHash, again.Manifest.ContentHash);
        Assert.Equal(Corpus.Manifest.ToJson(), again.Manifest.ToJson());
        Assert.Equal(Corpus.Train.Select(r => r.Source + "/" + r.Id), again.Train.Select(r => r.Source + "/" + r.Id));
        Assert.Matches("^[0-9a-f]{64}$", Corpus.Manifest.ContentHash);
    }

    [SharedDataFact]
    public void Loading_everything_takes_under_thirty_seconds()
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"default build: {fixture.Elapsed.TotalMilliseconds:F0} ms"));
        Assert.True(fixture.Elapsed < TimeSpan.FromSeconds(30), $"building the corpus took {fixture.Elapsed}");
    }

    [SharedDataFact]
    public void No_group_straddles_splits()
    {
        var straddling = AllRows()
            .GroupBy(x => x.Row.Source + "\u001f" + (x.Row.Group ?? "#" + x.Row.Id))
            .Where(g => g.Select(x => x.Split).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.Empty(straddling);
        Assert.DoesNotContain(Corpus.Manifest.Warnings, w => w.Contains("conflicting", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void No_normalised_text_occurs_twice()
    {
        var duplicates = AllRows().GroupBy(x => TextKey.Of(x.Row.Text)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.DoesNotContain(AllRows(), x => TextKey.Of(x.Row.Text).Length == 0);
        var ids = AllRows().Select(x => x.Row.Source + "/" + x.Row.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [SharedDataFact]
    public void Evaluation_suites_such_as_HateCheck_never_train_calibrate_or_join_the_random_test_split()
    {
        var suites = DatasetSources.All.Where(s => s.Use == DataUse.EvaluationOnly).Select(s => s.Name).ToHashSet();
        Assert.Superset(suites, new HashSet<string>
        {
            "hatecheck", "multilingual-hatecheck", "hatemoji-check", "multijail", "diasafety", "hatemoji-build", "toxic-spans", "ldnoobw", "surge-profanity",
        });
        Assert.DoesNotContain(AllRows(), x => suites.Contains(x.Row.Source));
        Assert.All(Corpus.Suites, r => Assert.Contains(r.Source, suites));
        Assert.Contains(Corpus.Suites, r => r.Source == "hatecheck" && !r.Unsafe);
        Assert.Equal(Corpus.Suites.Count, Corpus.Manifest.Split("suites").Rows);
        Assert.Equal(Corpus.Suites.Count, Corpus.Manifest.Sources.Sum(s => s.Suites));
    }

    [SharedDataFact]
    public void Translations_of_one_XSafety_prompt_share_a_split()
    {
        foreach (var source in new[] { "xsafety" })
        {
            var rows = AllRows().Where(x => x.Row.Source == source).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows.GroupBy(x => x.Row.Group), g => Assert.Single(g.Select(x => x.Split).Distinct()));
        }

        Assert.Contains(AllRows(), x => x.Row.Source == "xsafety" && x.Row.Id.EndsWith("/ru", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void Development_only_data_is_absent_by_default()
    {
        Assert.DoesNotContain(AllRows(), x => x.Row.Source == "alpaca-harmless");
        var alpaca = Corpus.Manifest.Sources.Single(s => s.Name == "alpaca-harmless");
        Assert.True(alpaca.Skipped);
        Assert.Equal(0, alpaca.RowsLoaded);
        Assert.True(Corpus.Manifest.TrainIsBundledOnly);
        var bundled = DatasetSources.All.Where(s => s.Use == DataUse.Bundled).Select(s => s.Name).ToHashSet();
        Assert.All(Corpus.Manifest.TrainSources, s => Assert.Contains(s, bundled));
        Assert.All(Corpus.Train.Concat(Corpus.Validation), r => Assert.Contains(r.Source, bundled));
    }

    [SharedDataFact]
    public void Development_only_data_is_loaded_only_when_asked()
    {
        var options = new CorpusOptions
        {
            SharedDataDirectory = DataTestPaths.Options().SharedDataDirectory,
            ProjectDataDirectory = DataTestPaths.Project,
            IncludeDevelopmentOnly = true,
            AlpacaCap = 300,
        };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var dev = CorpusBuilder.Build(options);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"build with development-only data: {watch.ElapsedMilliseconds} ms"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"building the corpus with every source took {watch.Elapsed}");
        Assert.Contains(dev.Train, r => r.Source == "alpaca-harmless");
        Assert.Contains("alpaca-harmless", dev.Manifest.TrainSources);
        Assert.False(dev.Manifest.TrainIsBundledOnly);
        Assert.NotEqual(Corpus.Manifest.ContentHash, dev.Manifest.ContentHash);

        // Adding a source never moves another source's rows.
        var before = Corpus.Train.Where(r => r.Source == "do-not-answer").Select(r => r.Id).ToHashSet();
        var after = dev.Train.Where(r => r.Source == "do-not-answer").Select(r => r.Id).ToHashSet();
        Assert.True(before.SetEquals(after));
    }

    [SharedDataFact]
    public void Advbench_held_out_half_is_only_in_test_and_the_rest_never_is()
    {
        var rows = AllRows().Where(x => x.Row.Source == "advbench").ToList();
        Assert.Equal(520, rows.Count);
        Assert.All(rows, x => Assert.Equal(AdvBenchSource.IsHeldOut(x.Row.Id), x.Split == "test"));
    }

    [SharedDataFact]
    public void Held_out_sets_stay_held_out()
    {
        Assert.All(AllRows().Where(x => x.Row.FixedSplit == DataSplit.Test), x => Assert.Equal("test", x.Split));
        Assert.All(AllRows().Where(x => x.Row.Source is "jailbreak_llms" or "deepset-prompt-injections" or "bipia" && x.Row.FixedSplit is null),
            x => Assert.NotEqual("test", x.Split));
        Assert.All(Corpus.Contrast, r => Assert.Equal("contrast-set", r.Source));
        Assert.All(AllRows().Where(x => x.Row.Source == "contrast-set" && x.Split != "contrast"), x => Assert.NotEqual("test", x.Split));
        Assert.All(Corpus.Test.Where(r => r.Source == "bipia"), r => Assert.StartsWith("test/", r.Id, StringComparison.Ordinal));

        // Contrast pairs: both halves on the same side, about half of them held out.
        Assert.All(Corpus.Contrast.GroupBy(r => r.Group), g => Assert.Equal(2, g.Count()));
        Assert.InRange(Corpus.Contrast.Count, 340, 510);
    }

    [SharedDataFact]
    public void Pool_sources_are_split_about_70_15_15()
    {
        foreach (var name in new[] { "do-not-answer", "hate-speech-offensive", "t0-benign-sample", "coconot" })
        {
            var s = Corpus.Manifest.Sources.Single(x => x.Name == name);
            var total = (double)s.RowsKept;
            Assert.InRange(s.Validation / total, 0.12, 0.18);
            Assert.InRange(s.Test / total, 0.12, 0.18);
        }

        var jailbreak = Corpus.Manifest.Sources.Single(x => x.Name == "jailbreak_llms");
        Assert.InRange(jailbreak.Validation / (double)(jailbreak.Train + jailbreak.Validation), 0.13, 0.23);
    }

    [SharedDataFact]
    public void Every_category_has_train_positives()
    {
        var table = new StringBuilder();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"",-27}{"train",7}{"valid",7}{"test",7}{"contr",7}"));
        foreach (var label in new[] { "rows", "unsafe", "uncategorised" })
        {
            table.Append(CultureInfo.InvariantCulture, $"{label,-27}");
            foreach (var s in Corpus.Manifest.Splits)
            {
                table.Append(CultureInfo.InvariantCulture, $"{(label == "rows" ? s.Rows : label == "unsafe" ? s.Unsafe : s.Uncategorised),7}");
            }

            table.AppendLine();
        }

        foreach (var c in HarmCategory.All)
        {
            table.Append(CultureInfo.InvariantCulture, $"{c.Id,-27}");
            foreach (var s in Corpus.Manifest.Splits)
            {
                table.Append(CultureInfo.InvariantCulture, $"{s.CategoryPositives[c.Id],7}");
            }

            table.AppendLine();
        }

        output.WriteLine(table.ToString());
        var train = Corpus.Manifest.Split("train");
        Assert.All(HarmCategory.All, c => Assert.True(train.CategoryPositives[c.Id] >= 1, $"{c.Id} has no train positive"));
        Assert.Equal(Corpus.Train.Count(r => r.Categories.Contains(HarmCategory.Hate)), train.CategoryPositives["hate"]);
        Assert.Empty(Corpus.Manifest.Warnings);
    }

    [SharedDataFact]
    public void Manifest_accounts_for_every_row()
    {
        var m = Corpus.Manifest;
        Assert.Equal(SplitNames, m.Splits.Select(s => s.Name));
        Assert.Equal(Corpus.Train.Count, m.Split("train").Rows);
        Assert.Equal(Corpus.Validation.Count, m.Split("validation").Rows);
        Assert.Equal(Corpus.Test.Count, m.Split("test").Rows);
        Assert.Equal(Corpus.Contrast.Count, m.Split("contrast").Rows);
        foreach (var s in m.Sources)
        {
            Assert.Equal(s.RowsLoaded, s.RowsKept + s.DroppedDuplicate + s.DroppedEmpty);
            Assert.Equal(s.RowsKept, s.Train + s.Validation + s.Test + s.Contrast + s.Suites);
            Assert.Equal(s.DroppedDuplicate, s.DuplicateOf.Values.Sum());
        }

        Assert.Equal(DatasetSources.All.Select(s => s.Name), m.Sources.Select(s => s.Name));
        Assert.Equal("Apache-2.0", m.Sources.Single(s => s.Name == "do-not-answer").Licence);

        using var json = JsonDocument.Parse(m.ToJson());
        var root = json.RootElement;
        Assert.Equal(1234, root.GetProperty("seed").GetInt32());
        Assert.Equal(m.ContentHash, root.GetProperty("contentHash").GetString());
        Assert.Equal(800, root.GetProperty("options").GetProperty("hateTweetsCap").GetInt32());
        Assert.Equal(5, root.GetProperty("splits").GetArrayLength());
        Assert.Equal(16, root.GetProperty("splits")[0].GetProperty("categoryPositives").EnumerateObject().Count());
        Assert.DoesNotContain(DataTestPaths.Project, m.ToJson(), StringComparison.Ordinal);
        output.WriteLine(m.ToJson());
    }

    [SharedDataFact]
    public void A_different_seed_gives_a_different_split()
    {
        var other = CorpusBuilder.Build(DataTestPaths.Options(seed: 7));
        Assert.NotEqual(Corpus.Manifest.ContentHash, other.Manifest.ContentHash);
        Assert.Equal(Corpus.Contrast.Select(r => r.Id).Order(), other.Contrast.Select(r => r.Id).Order()); // the contrast fold is frozen
        Assert.Equal(Corpus.Test.Where(r => r.Source == "advbench").Count(), other.Test.Where(r => r.Source == "advbench").Count());
    }

    [SharedDataFact]
    public void Invalid_options_are_rejected()
    {
        var bad = new CorpusOptions { SharedDataDirectory = "/nonexistent/shared", ProjectDataDirectory = "", ValidationFraction = 0.6, TestFraction = 0.5, T0Cap = -1 };
        var errors = bad.Validate();
        Assert.Contains(errors, e => e.Contains("SharedDataDirectory", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ProjectDataDirectory", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("below 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("T0Cap", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => CorpusBuilder.Build(bad));
        Assert.Empty(DataTestPaths.Options().Validate());
    }
}
