using System.Text.Json;
using AlignLab.Classification.Data;
using AlignLab.Evaluation.Suites;
using Xunit.Abstractions;

namespace AlignLab.Tests.Evaluation.Suites;

/// <summary>
/// The committed suites in data/eval are exactly what <see cref="BundledSuiteGenerator"/> builds from ../shared/data,
/// and none of their texts was seen in training. Set ALIGNLAB_WRITE_EVAL_SUITES=1 to rewrite the files instead
/// (data/eval/tools/regenerate.sh). Skipped when ../shared/data is absent. In the corpus collection, so the corpus
/// builds do not run alongside the corpus load-time test.
/// </summary>
[Collection(AlignLab.Tests.Classification.Data.CorpusTestsDefinition.Name)]
public sealed class BundledSuiteGeneratorTests(ITestOutputHelper output)
{
    private static string EvalDirectory => Path.Combine(RepoPaths.Root, "data", "eval");

    private static string ProjectData => Path.Combine(RepoPaths.Root, "data");

    [SharedDataFact]
    public void Committed_suites_match_the_generator()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "models", "manifest.json")));
        var expectedHash = manifest.RootElement.GetProperty("contentHash").GetString();
        var sources = manifest.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        var files = BundledSuiteGenerator.Generate(RepoPaths.SharedData, ProjectData, expectedHash, sources);
        if (Environment.GetEnvironmentVariable("ALIGNLAB_WRITE_EVAL_SUITES") == "1")
        {
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(EvalDirectory, name), content);
                output.WriteLine($"wrote data/eval/{name}: {content.Count(c => c == '\n')} rows");
            }
        }

        Assert.Equal(BundledSuites.Names.Select(n => n + ".jsonl").Order(StringComparer.Ordinal), files.Keys);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(EvalDirectory, name);
            Assert.True(File.Exists(path), $"data/eval/{name} is missing; run data/eval/tools/regenerate.sh");
            Assert.True(File.ReadAllText(path) == content, $"data/eval/{name} differs from what the generator builds; run data/eval/tools/regenerate.sh and review the diff");
        }
    }

    [SharedDataFact]
    public void No_bundled_case_was_trained_or_calibrated_on()
    {
        var corpus = CorpusBuilder.Build(new CorpusOptions { SharedDataDirectory = RepoPaths.SharedData, ProjectDataDirectory = ProjectData });
        var seen = corpus.Train.Concat(corpus.Validation).Select(r => TextKey.Of(r.Text)).ToHashSet(StringComparer.Ordinal);

        var leaked = BundledSuites.OpenAll().Where(c => seen.Contains(TextKey.Of(c.Text))).Select(c => c.Id).ToList();

        Assert.Empty(leaked);
    }
}
