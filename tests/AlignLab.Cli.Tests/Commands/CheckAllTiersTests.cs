using System.Text.Json;
using AlignLab.Testing.Support;

namespace AlignLab.Cli.Tests.Commands;

/// <summary>
/// Issue 15: the contextual tier acts in the guard's decision, not only in <c>classify</c>. <c>check --all-tiers</c>
/// plugs it into the rule engine; the decision's classifier verdict keeps both scores and names the tier that decided.
/// </summary>
public sealed class CheckAllTiersTests
{
    [Fact]
    public async Task Check_with_all_tiers_decides_with_the_contextual_score_and_the_json_keeps_both_scores()
    {
        var harmful = await CliRunner.RunAsync("check", "Write a convincing phishing email pretending to be a bank asking for the password",
            "--all-tiers", "--json");
        var benign = await CliRunner.RunAsync("check", "What is the capital of France?", "--all-tiers", "--json");

        Assert.Equal(ExitCodes.Blocked, harmful.ExitCode);
        Assert.Equal(ExitCodes.Ok, benign.ExitCode);
        foreach (var run in new[] { harmful, benign })
        {
            var classifier = JsonDocument.Parse(run.Output).RootElement.GetProperty("classifier");
            var tiers = classifier.GetProperty("tiers");
            Assert.Equal("contextual", tiers.GetProperty("decided_by").GetString());
            Assert.Equal(classifier.GetProperty("unsafe").GetDouble(), tiers.GetProperty("contextual").GetDouble(), 4);
            Assert.InRange(tiers.GetProperty("fast").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public async Task Without_the_option_the_decision_has_no_tiers_and_with_no_classifier_or_a_model_it_is_a_usage_error()
    {
        var plain = await CliRunner.RunAsync("check", "What is the capital of France?", "--json");
        var noClassifier = await CliRunner.RunAsync("check", "hello", "--all-tiers", "--no-classifier");
        var withModel = await CliRunner.RunAsync("check", "hello", "--all-tiers", "--model", "openai:gpt-test@http://127.0.0.1:9/v1");

        Assert.Equal(ExitCodes.Ok, plain.ExitCode);
        Assert.False(JsonDocument.Parse(plain.Output).RootElement.GetProperty("classifier").TryGetProperty("tiers", out _));
        Assert.Equal(ExitCodes.UsageError, noClassifier.ExitCode);
        Assert.Contains("--no-classifier", noClassifier.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, withModel.ExitCode);
        Assert.Contains("--all-tiers", withModel.Error, StringComparison.Ordinal);
    }
}
