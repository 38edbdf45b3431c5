using System.Text.RegularExpressions;
using AlignLab.Constitutions;
using AlignLab.Evaluation;
using AlignLab.Evaluation.Suites;

namespace AlignLab.Tests.Evaluation.Suites;

public sealed class BundledSuitesTests
{
    /// <summary>The documented sizes (data/eval/README.md).</summary>
    public static TheoryData<string, int, CaseLabel> Documented => new()
    {
        { BundledSuites.Harmful, 196, CaseLabel.Harmful },
        { BundledSuites.Benign, 200, CaseLabel.Benign },
        { BundledSuites.Contrast, 150, CaseLabel.Contrast },
        { BundledSuites.Jailbreaks, 75, CaseLabel.Harmful },
        { BundledSuites.Injections, 75, CaseLabel.Harmful },
    };

    private static readonly HashSet<string> AllowedSources = new(StringComparer.Ordinal)
    {
        "alignlab-supplement", "alignlab-contrast", "advbench", "do-not-answer", "catqa", "self-instruct", "gsm8k",
        "arena-hard", "asqa", "deepset-prompt-injections", "bipia", "jailbreak_llms",
    };

    [Fact]
    public void Names_are_the_five_suites() =>
        Assert.Equal(["harmful", "benign", "contrast", "jailbreaks", "injections"], BundledSuites.Names);

    [Theory]
    [MemberData(nameof(Documented))]
    public void Every_suite_loads_with_its_documented_size_and_label(string name, int count, CaseLabel label)
    {
        var cases = BundledSuites.Open(name).ToList();

        Assert.Equal(count, cases.Count);
        Assert.All(cases, c =>
        {
            Assert.Equal(label, c.Label);
            Assert.Equal(name, c.Suite);
            Assert.False(string.IsNullOrWhiteSpace(c.Text), c.Id);
            Assert.Matches($"^{name}-[0-9]{{4}}$", c.Id);
            Assert.Contains(c.Source!, AllowedSources);
            Assert.True(c.Category is null || HarmCategory.TryFind(c.Category, out var found) && found.Id == c.Category, $"{c.Id}: category '{c.Category}'");
        });
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        Assert.Equal(cases.Count, cases.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public void Ids_are_unique_across_all_suites() =>
        Assert.Equal(BundledSuites.OpenAll().Count(), BundledSuites.OpenAll().Select(c => c.Id).Distinct().Count());

    [Fact]
    public void Harmful_cases_cover_S1_to_S14_evenly()
    {
        var byCategory = BundledSuites.Open(BundledSuites.Harmful).GroupBy(c => c.Category!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(HarmCategory.All.Take(14).Select(c => c.Id).Order(), byCategory.Keys.Order());
        Assert.All(byCategory.Values, n => Assert.Equal(14, n));
    }

    [Fact]
    public void Categories_follow_the_suite()
    {
        Assert.All(BundledSuites.Open(BundledSuites.Benign), c => Assert.Null(c.Category));
        Assert.All(BundledSuites.Open(BundledSuites.Jailbreaks), c => Assert.Equal("jailbreak", c.Category));
        Assert.All(BundledSuites.Open(BundledSuites.Injections), c => Assert.Equal("prompt_injection", c.Category));
        Assert.All(BundledSuites.Open(BundledSuites.Contrast), c => Assert.NotNull(c.Category));
    }

    [Fact]
    public void No_text_is_in_two_suites()
    {
        var cases = BundledSuites.OpenAll().ToList();
        Assert.Equal(cases.Count, cases.Select(c => AlignLab.Classification.Data.TextKey.Of(c.Text)).Distinct().Count());
    }

    [Fact]
    public void The_readme_table_matches_the_suites()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "data", "eval", "README.md"));
        foreach (var name in BundledSuites.Names)
        {
            var row = Regex.Match(readme, $@"^\| `{name}\.jsonl` \| (\d+) \|", RegexOptions.Multiline);
            Assert.True(row.Success, $"README has no table row for {name}.jsonl");
            Assert.Equal(BundledSuites.Open(name).Count(), int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Unknown_names_suggest_the_closest()
    {
        var ex = Assert.Throws<ArgumentException>(() => BundledSuites.Open("harmfull"));
        Assert.Contains("did you mean 'harmful'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundled_names_load_through_the_loader()
    {
        var set = SuiteLoader.Load(["Benign", "contrast"]);

        Assert.Equal(["benign", "contrast"], set.Suites.Select(s => s.Name));
        Assert.All(set.Suites, s => Assert.True(s.IsBundled));
        Assert.Equal(350, set.Count());
        Assert.Equal(0, set.ErrorCount);
        Assert.Equal(350, set.CaseCount);
    }
}
