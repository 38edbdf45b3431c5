using AlignLab.Evaluation.Capability;
using AlignLab.Tests.Evaluation.Suites;
using Xunit.Abstractions;

namespace AlignLab.Tests.Evaluation.Capability;

/// <summary>
/// The bundled capability files in data/eval/capability are exactly the fixed subsets <see cref="CapabilitySuites.Subset"/>
/// picks from ../shared/data, and the library reads them back intact. Set ALIGNLAB_WRITE_EVAL_SUITES=1 to rewrite them
/// (data/eval/tools/regenerate.sh); the generator test is skipped when ../shared/data is absent.
/// </summary>
public sealed class BundledCapabilityFilesTests(ITestOutputHelper output)
{
    private static string Directory => Path.Combine(RepoPaths.Root, "data", "eval", "capability");

    private static Dictionary<string, string> Generate(string data) => new(StringComparer.Ordinal)
    {
        ["gsm8k.jsonl"] = Lines(CapabilitySuites.Subset(CapabilityDataReader.Read(data, CapabilityTasks.Gsm8k), CapabilitySuites.BundledGsm8k, "gsm8k")),
        ["truthfulqa.jsonl"] = Lines(CapabilitySuites.Subset(CapabilityDataReader.Read(data, CapabilityTasks.TruthfulQaMc), CapabilitySuites.BundledTruthfulQa, "truthfulqa")),
        ["humaneval.jsonl"] = Lines(CapabilitySuites.Subset(CapabilityDataReader.Read(data, CapabilityTasks.HumanEval), CapabilitySuites.BundledHumanEval, "humaneval")),
    };

    private static string Lines(IEnumerable<CapabilityItem> items) => string.Concat(items.Select(i => CapabilityItemJson.Write(i) + "\n"));

    [SharedDataFact]
    public void Committed_files_match_the_generator()
    {
        var files = Generate(RepoPaths.SharedData);
        if (Environment.GetEnvironmentVariable("ALIGNLAB_WRITE_EVAL_SUITES") == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(Directory, name), content);
                output.WriteLine($"wrote data/eval/capability/{name}: {content.Count(c => c == '\n')} rows");
            }
        }

        foreach (var (name, content) in files)
        {
            var path = Path.Combine(Directory, name);
            Assert.True(File.Exists(path), $"data/eval/capability/{name} is missing; run data/eval/tools/regenerate.sh");
            Assert.True(File.ReadAllText(path) == content, $"data/eval/capability/{name} differs from what the generator builds; run data/eval/tools/regenerate.sh and review the diff");
        }
    }

    [Theory]
    [InlineData(CapabilityTasks.Gsm8k, CapabilitySuites.BundledGsm8k)]
    [InlineData(CapabilityTasks.TruthfulQaMc, CapabilitySuites.BundledTruthfulQa)]
    [InlineData(CapabilityTasks.TruthfulQaGen, CapabilitySuites.BundledTruthfulQa)]
    [InlineData(CapabilityTasks.HumanEval, CapabilitySuites.BundledHumanEval)]
    [InlineData(CapabilityTasks.Helpfulness, CapabilitySuites.BundledHelpfulness)]
    public void Bundled_items_load_with_the_fields_their_task_needs(string task, int count)
    {
        var items = CapabilitySuites.Bundled(task);

        Assert.Equal(count, items.Count);
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        Assert.All(items, i => Assert.Equal(task, i.Task));
        Assert.All(items, i =>
        {
            switch (task)
            {
                case CapabilityTasks.Gsm8k:
                    Assert.NotNull(i.Answer);
                    break;
                case CapabilityTasks.TruthfulQaMc or CapabilityTasks.TruthfulQaGen:
                    Assert.InRange(i.Options.Length, 2, 4);
                    Assert.InRange(i.CorrectOption, 0, i.Options.Length - 1);
                    Assert.NotEmpty(i.CorrectAnswers);
                    break;
                case CapabilityTasks.HumanEval:
                    Assert.Contains("def " + i.EntryPoint, i.Question, StringComparison.Ordinal);
                    Assert.Contains("def check(", i.Test, StringComparison.Ordinal);
                    break;
            }
        });
    }

    [Theory]
    [InlineData("gsm8k", CapabilityTasks.Gsm8k)]
    [InlineData("truthfulqa", CapabilityTasks.TruthfulQaMc)]
    [InlineData("humaneval", CapabilityTasks.HumanEval)]
    public void The_readme_table_matches_the_files(string file, string task)
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "data", "eval", "README.md"));
        var row = System.Text.RegularExpressions.Regex.Match(readme, $@"^\| `capability/{file}\.jsonl` \| (\d+) \|", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(row.Success, $"data/eval/README.md has no table row for capability/{file}.jsonl");
        Assert.Equal(CapabilitySuites.Bundled(task).Count, int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_correct_option_is_not_always_in_the_same_place()
    {
        var positions = CapabilitySuites.Bundled(CapabilityTasks.TruthfulQaMc).Select(i => i.CorrectOption).Distinct().Count();
        Assert.True(positions >= 3, $"correct answers sit in only {positions} position(s)");
    }
}
