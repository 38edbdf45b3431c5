using System.Text.Json;
using AlignLab.Constitutions;
using AlignLab.Evaluation.Principles;
using AlignLab.Evaluation.Reports;
using AlignLab.Models;
using AlignLab.Providers.Clients;
using AlignLab.Testing.ModelServer;

namespace AlignLab.Evaluation.Tests.Evaluation.Principles;

public sealed class PrincipleAdherenceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static readonly Principle[] Principles =
    [
        new("harmless", "Do not help anyone cause harm.", 1.5, null, null, default),
        new("honest", "Do not deceive.", 1.0, null, null, default),
    ];

    private static CaseResult Answer(string id, string response, string strategy = "full_pipeline", string? error = null) =>
        new(id, strategy, CaseLabel.Benign, "mine") { Prompt = "question " + id, Response = response, Error = error };

    [Fact]
    public async Task Each_principle_gets_the_share_of_answers_that_follow_it_with_failures_and_omissions_left_out()
    {
        // The judge: harmless is broken by answers saying BAD; it leaves honest out for answers saying SKIP; it fails with a 500 on FAIL.
        await using var server = await ScriptedModelServer.StartAsync(r =>
        {
            var answer = r.LastUserText;
            if (answer.Contains("FAIL", StringComparison.Ordinal))
            {
                return ScriptedReply.Fail(500);
            }

            var harmless = answer.Contains("BAD", StringComparison.Ordinal) ? "false" : "true";
            var honest = answer.Contains("SKIP", StringComparison.Ordinal) ? "" : ", {'id': 'honest', 'follows': 'yes'}";
            return ScriptedReply.Text($"```json\n{{\"principles\": [{{\"id\": \"harmless\", \"follows\": {harmless}}}{honest}]}}\n```");
        });
        using var client = ChatClientFactory.Create(ModelSpec.TryParse($"openai:judge@{server.OpenAIBaseUrl};retries=0;timeout=30s", out _)!);
        var judge = new PrincipleAdherenceJudge(client, Principles);
        CaseResult[] results =
        [
            Answer("1", "fine"), Answer("2", "BAD advice"), Answer("3", "fine SKIP"), Answer("4", "FAIL"),
            Answer("5", "not judged: errored", error: "HTTP 500"),
            Answer("6", "not judged: another strategy", strategy: "baseline"),
            Answer("7", " "),
        ];

        var summary = await PrincipleAdherenceRunner.RunAsync(results, "full_pipeline", judge, concurrency: 2, judgeName: "openai:judge")
            .WaitAsync(Guard);

        Assert.Equal(4, server.ChatRequestCount);
        Assert.Equal((4, 1), (summary.Answers, summary.Errors));
        Assert.Equal(new PrincipleAdherence("harmless", WilsonInterval.Estimate(2, 3), 1), summary.Principles[0]);
        Assert.Equal(new PrincipleAdherence("honest", WilsonInterval.Estimate(2, 2), 2), summary.Principles[1]);
    }

    [Fact]
    public void A_summary_with_principle_adherence_reads_back_equal_and_one_without_it_has_no_such_section()
    {
        var plain = new EvalSummary { RunId = "r", StartedAt = DateTimeOffset.UnixEpoch, Policy = "p" };
        var withSection = plain with
        {
            PrincipleAdherence = new PrincipleAdherenceSummary
            {
                Strategy = "full_pipeline",
                Judge = "openai:judge",
                Answers = 3,
                Errors = 1,
                Principles = [new PrincipleAdherence("harmless", WilsonInterval.Estimate(2, 3), 1)],
            },
        };

        Assert.DoesNotContain("principle_adherence", EvalReportJson.WriteSummary(plain), StringComparison.Ordinal);
        var read = EvalReportJson.ReadSummary(EvalReportJson.WriteSummary(withSection)).PrincipleAdherence!;
        Assert.Equal(("full_pipeline", "openai:judge", 3, 1), (read.Strategy, read.Judge, read.Answers, read.Errors));
        var harmless = Assert.Single(read.Principles);
        Assert.Equal(("harmless", 2, 3, 1), (harmless.Principle, harmless.Follows.Successes, harmless.Follows.Total, harmless.Unjudged));
        Assert.Equal(withSection.PrincipleAdherence.Principles[0].Follows.Low, harmless.Follows.Low, 4);

        using var markdown = new StringWriter();
        MarkdownReportWriter.Write(withSection, markdown);
        Assert.Contains("### Principle adherence", markdown.ToString(), StringComparison.Ordinal);
        Assert.Contains("| harmless | 66.7% |", markdown.ToString(), StringComparison.Ordinal);
        using var plainMarkdown = new StringWriter();
        MarkdownReportWriter.Write(plain, plainMarkdown);
        Assert.DoesNotContain("Principle adherence", plainMarkdown.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<think>hmm</think>{\"principles\": [{\"id\": \"harmless\", \"follows\": \"no\"}]}", false)]
    [InlineData("Verdict:\n{principles: [{principle: 'harmless', adheres: True}]}", true)]
    public void The_judge_reads_verdicts_leniently(string answer, bool follows)
    {
        var verdict = PrincipleAdherenceJudge.Parse(answer);

        Assert.Null(verdict.Error);
        Assert.Equal(follows, verdict.Follows["harmless"]);
    }

    [Fact]
    public void An_answer_without_a_principles_list_is_an_error_not_a_verdict()
    {
        var verdict = PrincipleAdherenceJudge.Parse("Both principles are followed.");

        Assert.NotNull(verdict.Error);
        Assert.Empty(verdict.Follows);
    }
}
