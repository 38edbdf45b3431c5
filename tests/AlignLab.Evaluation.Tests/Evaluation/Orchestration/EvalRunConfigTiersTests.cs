using AlignLab.Evaluation.Orchestration;

namespace AlignLab.Tests.Evaluation.Orchestration;

/// <summary>
/// Issue 15: run.json records the classifier and the tiers that decided (<c>eval --all-tiers</c>), so that a resume never
/// mixes fast-tier and all-tier results in one report. Before, neither was recorded and such a resume was accepted.
/// </summary>
public sealed class EvalRunConfigTiersTests : IDisposable
{
    private const string Contextual = "fast+contextual (every text; head sha256:0123456789abcdef, threshold 0.6844; encoder bundled)";

    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-runconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EvalRunConfig Config(string? classifier, string? tiers) => new()
    {
        RunId = "r",
        Policy = "p",
        Suites = ["harmful"],
        Attacks = [],
        Strategies = ["guard_only"],
        Columns = "c",
        Classifier = classifier,
        Tiers = tiers,
    };

    [Fact]
    public void The_classifier_and_the_tiers_are_saved_in_run_json_and_read_back()
    {
        Config("sha256:00aa", Contextual).Save(_dir);

        var loaded = EvalRunConfig.Load(_dir)!;

        Assert.Equal("sha256:00aa", loaded.Classifier);
        Assert.Equal(Contextual, loaded.Tiers);
        Assert.Empty(loaded.DifferencesFrom(Config("sha256:00aa", Contextual)));
    }

    [Fact]
    public void Resuming_a_fast_tier_run_with_every_tier_on_or_the_other_way_round_is_a_difference_named_tiers()
    {
        var fastThenAll = Config("sha256:00aa", EvalRunConfig.DefaultTiers).DifferencesFrom(Config("sha256:00aa", Contextual));
        var allThenFast = Config("sha256:00aa", Contextual).DifferencesFrom(Config("sha256:00aa", EvalRunConfig.DefaultTiers));

        Assert.Contains(fastThenAll, d => d.StartsWith("tiers fast (now fast+contextual", StringComparison.Ordinal));
        Assert.Contains(allThenFast, d => d.StartsWith("tiers fast+contextual", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_classifier_is_a_difference_and_a_run_json_that_recorded_neither_was_a_fast_tier_run()
    {
        var otherClassifier = Config("sha256:00aa", null).DifferencesFrom(Config("none", null));
        File.WriteAllText(Path.Combine(_dir, EvalRunConfig.FileName), """
            {"schema":"alignlab.eval.run/1","run_id":"r","policy":"p","model":null,"judge":null,"suites":["harmful"],
             "suite_locations":["harmful"],"attacks":[],"strategies":["guard_only"],"seed":0,"columns":"c"}
            """);
        var old = EvalRunConfig.Load(_dir)!;

        Assert.Equal("classifier sha256:00aa (now none)", Assert.Single(otherClassifier));
        Assert.Null(old.Classifier);
        Assert.Null(old.Tiers);
        Assert.Empty(old.DifferencesFrom(Config("sha256:00aa", EvalRunConfig.DefaultTiers)));
        Assert.Contains(old.DifferencesFrom(Config("sha256:00aa", Contextual)), d => d.StartsWith("tiers", StringComparison.Ordinal));
    }
}
